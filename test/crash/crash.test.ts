import { describe, expect, it } from 'vitest';
import { type CrashRunResult, isFinal, runCrash } from './crash-harness.ts';

/** What must hold after any crash run: every post final and published, on its sandbox exactly once. */
function expectExactlyOnce(result: CrashRunResult): void {
  const notFinal = Object.entries(result.finalStates).filter(([, s]) => !isFinal(s));
  expect(notFinal, 'posts not in a final state').toEqual([]);
  expect(result.problems, 'posts that did not end published').toEqual({});
  const wrongCount = Object.entries(result.copiesOnSandbox).filter(([, n]) => n !== 1);
  expect(wrongCount, 'posts not on their sandbox exactly once').toEqual([]);
  expect(result.strangers).toBe(0);
  expect(result.malformed, 'posts missing their image or thread chain').toEqual([]);
}

const shape = (r: CrashRunResult) =>
  `${r.posts.filter((p) => p.rendered.thread).length} X threads, ${r.posts.filter((p) => p.rendered.images.length).length} with an image`;
const log = (line: string) => process.env.CRASH_VERBOSE && console.log(`[crash] ${line}`);

describe('crash test: exactly once through SIGKILLs, cut connections and a Redis restart', () => {
  it('210 posts (X threads and images among them), the worker SIGKILLed at random moments and right after platform answers', {
    timeout: 200_000,
  }, async () => {
    const result = await runCrash({
      postsPerPlatform: 70,
      imageEvery: 3,
      threadEvery: 6,
      kills: 8,
      killAfterAnswer: 0.04,
      redisRestarts: 0,
      deadlineMs: 180_000,
      log,
    });
    console.log(
      `[crash] ${result.posts.length} posts (${shape(result)}), ${result.testKills} kills by the test, ${result.selfKills} after a platform answer, ${result.restarts} restarts, ${result.reconciled} reconciled as already live, ${(result.elapsedMs / 1000).toFixed(1)} s`,
    );
    expectExactlyOnce(result);
    expect(result.posts.length).toBeGreaterThanOrEqual(200);
    expect(result.testKills).toBeGreaterThanOrEqual(3);
    expect(result.testKills + result.selfKills).toBeGreaterThanOrEqual(8);
    // At 4% per platform answer over 210 posts, no self-kill at all has odds of about 1 in 5,000.
    expect(result.selfKills).toBeGreaterThanOrEqual(1);
    expect(result.reconciled).toBeGreaterThan(0);
  });

  it('210 posts (X threads and images among them) with Redis stopped and restarted mid-run (append-only file), plus kills', {
    timeout: 200_000,
  }, async () => {
    const result = await runCrash({
      postsPerPlatform: 70,
      imageEvery: 3,
      threadEvery: 6,
      kills: 6,
      killAfterAnswer: 0.02,
      redisRestarts: 1,
      deadlineMs: 180_000,
      log,
    });
    console.log(
      `[crash] ${result.posts.length} posts (${shape(result)}), Redis restarted ${result.redisRestarts}×, ${result.testKills} kills, ${result.selfKills} self-kills, ${result.restarts} restarts, ${result.reconciled} reconciled, ${(result.elapsedMs / 1000).toFixed(1)} s`,
    );
    expect(result.posts.length).toBeGreaterThanOrEqual(200);
    expect(result.redisRestarts).toBe(1);
    expectExactlyOnce(result);
  });
});
