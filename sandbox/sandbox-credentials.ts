/** The credentials the sandboxes accept live with the sandbox overlay of the configuration. */
export { SANDBOX_CREDENTIALS, sandboxEnv } from '../src/config/sandbox-overlay.ts';

/** The user the X sandbox authenticates every valid credential as. */
export const SANDBOX_X_USER = { id: '1790000000000000001', name: 'SECON Sandbox', username: 'secon_sandbox' } as const;
