import { describe, expect, it } from 'vitest';
import { type CrashRunResult, isFinal, runCrash } from './crash-harness.ts';

/** What must hold after any crash run: every post final and published, on its sandbox exactly once. */
function expectExactlyOnce(result: CrashRunResult): void {
  const notFinal = Object.entries(result.finalStates).filter(([, s]) => !isFinal(s));
  expect(notFinal, 'posts not in a final state').toEqual([]);
  expect(result.problems, 'posts that did not end published').toEqual({});
  expect(duplicates(result), 'posts on their sandbox more than once').toEqual([]);
  const missing = Object.entries(result.copiesOnSandbox).filter(([, n]) => n < 1);
  expect(missing, 'posts missing from their sandbox').toEqual([]);
  expect(result.strangers).toBe(0);
  expect(result.malformed, 'posts missing their image or thread chain').toEqual([]);
}

const duplicates = (r: CrashRunResult) => Object.entries(r.copiesOnSandbox).filter(([, n]) => n > 1);
const shape = (r: CrashRunResult) =>
  `${r.posts.filter((p) => p.rendered.thread).length} X threads, ${r.posts.filter((p) => p.rendered.images.length).length} with an image`;
const cutsLine = (r: CrashRunResult) =>
  `${r.redisKills} Redis SIGKILLs with the append-only file cut (${r.cuts.filter((c) => c.powerCut).length} power cuts; ${r.cuts.map((c) => `${c.platform} ${c.size - c.cutTo} B cut, post then ${c.stateAfter}`).join('; ')})`;
const log = (line: string) => process.env.CRASH_VERBOSE && console.log(`[crash] ${line}`);

/** Where the crash runs: one Redis server, or a three-master Redis Cluster (test/cluster/). */
export interface CrashTarget {
  cluster: boolean;
}

/**
 * The crash test, on one Redis server (test/crash/crash.test.ts) or on a Redis Cluster whose master
 * holding the project's slot is the one restarted, killed and cut back (test/cluster/crash.test.ts).
 * The sandboxes accept repeated text in every run here (as LinkedIn may): a second post shows as a
 * second copy instead of being refused and reconciled away.
 */
export function crashSuite(target: CrashTarget): void {
  const on = target.cluster ? ' (Redis Cluster)' : '';
  describe(`crash test${on}: exactly once through SIGKILLs, cut connections, Redis restarts and lost Redis tails`, () => {
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
        cluster: target.cluster,
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

    it('210 posts, Redis restarted once and SIGKILLed 6 times at the worst moment with its last second cut away (twice per platform, 3 of them power cuts), plus kills', {
      timeout: 240_000,
    }, async () => {
      const result = await runCrash({
        postsPerPlatform: 70,
        imageEvery: 3,
        threadEvery: 6,
        kills: 6,
        killAfterAnswer: 0.02,
        redisRestarts: 1,
        truncations: 6,
        deadlineMs: 220_000,
        cluster: target.cluster,
        log,
      });
      console.log(
        `[crash] ${result.posts.length} posts (${shape(result)}), Redis restarted ${result.redisRestarts}×, ${cutsLine(result)}, ${result.testKills} kills, ${result.selfKills} self-kills, ${result.restarts} worker restarts, ${result.reconciled} reconciled, ${result.claimLost} recorded after a lost claim, ${duplicates(result).length} duplicates, ${(result.elapsedMs / 1000).toFixed(1)} s`,
      );
      expect(result.posts.length).toBeGreaterThanOrEqual(200);
      expect(result.redisRestarts).toBe(1);
      expect(result.cuts).toHaveLength(6);
      expect(new Set(result.cuts.map((c) => c.platform))).toEqual(new Set(['twitter', 'linkedin', 'facebook']));
      expect(result.cuts.filter((c) => c.powerCut)).toHaveLength(3);
      // The claim of the post at the worst moment was confirmed on disk, so no faithful cut loses it.
      expect(result.cuts.map((c) => c.stateAfter)).toEqual(result.cuts.map(() => 'publishing'));
      expectExactlyOnce(result);
    });

    it('the same cuts without the protection (no durable claim, no restart check) DO publish twice: the test can fail', {
      timeout: 120_000,
    }, async () => {
      const result = await runCrash({
        postsPerPlatform: 20,
        kills: 0,
        killAfterAnswer: 0,
        redisRestarts: 0,
        truncations: 3,
        powerCutsOnly: true,
        protection: { durableClaim: false, restartCheck: false },
        deadlineMs: 100_000,
        cluster: target.cluster,
        log,
      });
      console.log(
        `[crash] without protection: ${result.posts.length} posts, ${cutsLine(result)}, ${duplicates(result).length} duplicates (${duplicates(
          result,
        )
          .map(([id]) => id.split('.')[1])
          .join(', ')}), ${(result.elapsedMs / 1000).toFixed(1)} s`,
      );
      expect(result.cuts.length).toBeGreaterThanOrEqual(1);
      // The cut took the claim with it, the worker died with the power: the post looks unpublished...
      expect(result.cuts.filter((c) => c.stateAfter === 'scheduled').length).toBeGreaterThanOrEqual(1);
      // ...and goes out a second time.
      expect(duplicates(result).length).toBeGreaterThanOrEqual(1);
    });

    // Each protection alone against the same cuts (opt in: CRASH_MODES=1), for the figures in the
    // issue's notes; the runs above cover what ships (both on). The durable claim alone must hold.
    // The restart check alone is measured, not judged: it cannot cover an attempt whose platform
    // call is in flight while Redis loses its claim and lease (the worker lives on, a second attempt
    // reconciles before the first call lands, finds nothing and posts): that is why the worker
    // refuses a Redis that cannot confirm fsyncs.
    for (const [name, protection, mustHold] of [
      ['the durable claim alone (no restart check)', { durableClaim: true, restartCheck: false }, true],
      ['the restart check alone (no durable claim)', { durableClaim: false, restartCheck: true }, false],
    ] as const) {
      it.runIf(process.env.CRASH_MODES)(
        `${name}: 180 posts, 6 cuts at the worst moment`,
        { timeout: 200_000 },
        async () => {
          const result = await runCrash({
            postsPerPlatform: 60,
            imageEvery: 3,
            threadEvery: 6,
            kills: 2,
            killAfterAnswer: 0.02,
            redisRestarts: 0,
            truncations: 6,
            protection,
            deadlineMs: 180_000,
            cluster: target.cluster,
            log,
          });
          console.log(
            `[crash] ${name}: ${result.posts.length} posts, ${cutsLine(result)}, ${result.reconciled} reconciled, ${result.claimLost} recorded after a lost claim, ${duplicates(result).length} duplicates, ${(result.elapsedMs / 1000).toFixed(1)} s`,
          );
          expect(result.cuts).toHaveLength(6);
          if (mustHold) expectExactlyOnce(result);
        },
      );
    }
  });
}
