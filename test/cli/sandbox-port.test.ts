import { describe, expect, it } from 'vitest';
import { FETCH_BLOCKED_PORTS } from '../../src/net/fetch-blocked-ports.ts';
import { runCli } from '../helpers/cli.ts';

/** Whether fetch() refuses this port as a bad port (it fails before any connection). */
async function badPort(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch (error) {
    return String((error as Error & { cause?: Error }).cause?.message).includes('bad port');
  }
}

describe('ports fetch() refuses', () => {
  it("are the ones Node's fetch refuses, and not the sandbox's default 4100", async () => {
    const refused = await Promise.all([...FETCH_BLOCKED_PORTS].map(badPort));
    expect([...FETCH_BLOCKED_PORTS].filter((_, i) => !refused[i])).toEqual([]);
    expect(await badPort(4100)).toBe(false);
  });

  it('`secon-bot sandbox --port 4190` is refused at start with why and what to do (exit 2)', async () => {
    // A regression would start the sandbox and serve until killed.
    const result = await runCli(['sandbox', '--port', '4190'], { timeoutMs: 10_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port 4190: fetch() refuses to connect to this port');
    expect(result.stderr).toContain('https://fetch.spec.whatwg.org/#port-blocking');
    expect(result.stderr).toContain('or 0 for any free one');
    expect(result.stdout).toBe('');
  });
});
