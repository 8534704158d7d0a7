/** Exit codes of every command: 0 success, 1 runtime failure, 2 bad usage or invalid input. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
