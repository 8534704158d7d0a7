import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import pino from 'pino';
import { type App, createApp } from '../../app/create-app.ts';
import { RedisClusterProcess } from '../../dev/redis-cluster-process.ts';
import { RedisServerProcess } from '../../dev/redis-server-process.ts';
import { type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../../sandbox/index.ts';
import type { SandboxPost } from '../../sandbox/sandbox-types.ts';
import type { Alert } from '../../src/alerts/alert.ts';
import type { Platform } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { FINAL_STATES, type PlannedPost, type PostState } from '../../src/posts/post.ts';
import type { RedisClient } from '../../src/redis/redis-client.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import { worldConfigYaml } from '../helpers/config.ts';
import { plannedPost } from '../helpers/world.ts';
import { type AofCut, AofTail } from './aof-tail.ts';

const ENTRY = fileURLToPath(new URL('./worker-entry.ts', import.meta.url));
const PLATFORM_ORDER: readonly Platform[] = ['twitter', 'linkedin', 'facebook'];

/** Options of one crash run. */
export interface CrashRunOptions {
  /** Posts per platform (three platforms). */
  postsPerPlatform: number;
  /** Every this-many posts of a platform carries an image (0: none). */
  imageEvery?: number;
  /** Every this-many X posts is a three-part thread (0: none). */
  threadEvery?: number;
  /** How many times the test kills the worker with SIGKILL (self-kills from the hook come on top). */
  kills: number;
  /** Probability that the worker kills itself between the platform's answer and the state update. */
  killAfterAnswer: number;
  /** Stop Redis (append-only file on) and start it again on the same port, this many times. */
  redisRestarts: number;
  /**
   * Times Redis is SIGKILLed at the worst moment (a post's claim written, its platform answered,
   * its `published` not yet written) and its append-only file cut back to its size one second
   * earlier (AofTail). They take the platforms in turn (X, LinkedIn, Facebook); the first round of
   * three leaves the worker running (Redis alone lost its tail), the next cuts the power to both.
   * Default 0.
   */
  truncations?: number;
  /** Only power cuts (worker and Redis die together). Default false. */
  powerCutsOnly?: boolean;
  /**
   * What protects a claim from a lost Redis tail: the durable claim (WAITAOF before the platform
   * call) and the restart check (due posts reconcile after a Redis restart). Both off is the run
   * that must show duplicates: the test can fail. Default: both on.
   */
  protection?: { durableClaim: boolean; restartCheck: boolean };
  /** The sandboxes accept a repeated text (as LinkedIn may), so a second post shows as a copy. Default true. */
  acceptRepeats?: boolean;
  /**
   * Run on a private three-master Redis Cluster (worker and test through the Cluster client); the
   * master that owns the project's slot is the one stopped, killed and cut back. Default false.
   */
  cluster?: boolean;
  /** Give up after this long. */
  deadlineMs: number;
  log: (line: string) => void;
}

export interface CrashRunResult {
  posts: PlannedPost[];
  /** Final state of every post. */
  finalStates: Record<string, PostState | 'none'>;
  /**
   * How often each post is on its sandbox: for a thread, every part must be there once (a part
   * posted twice counts as its copies, a missing part as 0).
   */
  copiesOnSandbox: Record<string, number>;
  /** Posts with an image whose first part on the sandbox carries no image, or threads whose parts do not reply to each other. */
  malformed: string[];
  /** Why each post that did not end published ended as it did. */
  problems: Record<string, string>;
  /** Sandbox posts whose text belongs to no planned post. */
  strangers: number;
  testKills: number;
  selfKills: number;
  restarts: number;
  redisRestarts: number;
  /** Redis SIGKILLs (each followed by a cut of its append-only file and a start). */
  redisKills: number;
  /** Every cut of the append-only file, and the post at whose worst moment it came. */
  cuts: Array<AofCut & { postId: string; platform: Platform; powerCut: boolean; stateAfter: PostState | 'none' }>;
  reconciled: number;
  /** Posts recorded published after their claim was lost (the claim-lost path). */
  claimLost: number;
  alerts: Alert[];
  elapsedMs: number;
}

const rand = (min: number, max: number) => min + Math.random() * (max - min);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the crash scenario: posts across the three sandboxes, a worker child process killed with
 * SIGKILL at random moments (and killing itself right after platform answers), sandboxes cutting
 * connections after storing a post, Redis stopped and restarted; restarts the worker each time
 * until every post is final. Returns what is on the sandboxes and in the log.
 */
export async function runCrash(options: CrashRunOptions): Promise<CrashRunResult> {
  const started = Date.now();
  // No background rewrite of the append-only file: the cut works on one growing file.
  const prefix = `crash-${Math.random().toString(36).slice(2, 8)}`;
  const { server, cluster, url } = await startRedis(options, redisKeys(prefix).durableClaim);
  const sandboxes = await startSandboxes({ rateLimit: { limit: 100_000, windowMs: 60_000 } });
  if (options.acceptRepeats !== false)
    for (const platform of PLATFORM_ORDER) sandboxes[platform].refuseDuplicates = false;
  const tail = new AofTail(() => server.aofIncrFile(), redisKeys(prefix).durableClaim);
  tail.start();
  const config = sandboxConfig(
    parseConfig(
      worldConfigYaml(
        prefix,
        `
platforms:
  twitter: { concurrency: 3 }
  linkedin: { concurrency: 3 }
  facebook: { concurrency: 3 }
ingest:
  timeoutMs: 1000
`,
      )
        .replace('attempts: 5', 'attempts: 200')
        .replace('backoffMs: 150', 'backoffMs: 100'),
      'crash.yaml',
    ),
    sandboxes.urls,
  );
  const env = sandboxEnv(config);
  const redis: RedisClient = cluster
    ? new Cluster(
        cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
        { redisOptions: { maxRetriesPerRequest: null }, clusterRetryStrategy: () => 100, retryDelayOnClusterDown: 100 },
      )
    : new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  redis.on('error', () => undefined);
  const alerts: Alert[] = [];
  const app = createApp({
    config,
    redis,
    env,
    logger: pino({ level: 'silent' }),
    alerts: { send: async (a) => void alerts.push(a) },
  });
  const result = { testKills: 0, selfKills: 0, restarts: 0, redisRestarts: 0, redisKills: 0 };
  const cuts: CrashRunResult['cuts'] = [];
  /** The platform of every cut decided on (counted at once: a cut takes a while to happen). */
  const cutsPlanned: Platform[] = [];
  const truncations = options.truncations ?? 0;
  let child: ChildProcess | undefined;
  try {
    const posts = await schedulePosts(app, sandboxes, options);
    injectFaults(sandboxes);
    options.log(`scheduled ${posts.length} posts`);

    const platformOf = new Map(posts.map((p) => [p.postId, p.platform]));
    let killedByTest = false;
    let ready: Promise<void> = Promise.resolve();
    /** Attempts the current worker paused after a platform answer, waiting for `go`. */
    let waiting = new Set<string>();
    const release = (proc: ChildProcess, postId: string) => {
      waiting.delete(postId);
      if (proc.exitCode === null && proc.signalCode === null) proc.stdin!.write(`go ${postId}\n`);
    };
    /** One change of the world at a time: a kill, a restart or a cut. */
    let exclusive: Promise<unknown> = Promise.resolve();
    const serially = <T>(fn: () => Promise<T>): Promise<T> => {
      const run = exclusive.then(fn);
      exclusive = run.catch(() => undefined);
      return run;
    };
    let lastCutAt = 0;
    const spawnWorker = (): ChildProcess => {
      const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
        env: {
          ...process.env,
          REDIS_URL: url,
          CRASH_CONFIG: JSON.stringify(config),
          CRASH_ENV: JSON.stringify(env),
          CRASH_KILL_AFTER_ANSWER: String(options.killAfterAnswer),
          CRASH_PAUSE_AFTER_ANSWER: truncations > 0 ? '0.5' : '0',
          ...(options.protection?.durableClaim === false ? { CRASH_NO_DURABLE_CLAIM: '1' } : {}),
          ...(options.protection?.restartCheck === false ? { CRASH_NO_RESTART_CHECK: '1' } : {}),
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      proc.stdin!.on('error', () => undefined);
      waiting = new Set();
      const lines = createInterface({ input: proc.stdout! });
      ready = new Promise<void>((resolve) => {
        lines.on('line', (line) => {
          if (line === 'ready') resolve();
          const [word, postId] = line.split(' ');
          if (word === 'answered' && postId) onAnswered(proc, postId);
        });
        proc.once('exit', () => resolve());
      });
      proc.once('exit', (_code, signal) => {
        if (signal === 'SIGKILL' && !killedByTest) result.selfKills += 1;
        killedByTest = false;
      });
      return proc;
    };
    const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
    const pending = async () => {
      try {
        return (await app.publishingLog.query({ state: ['scheduled', 'publishing'] })).length;
      } catch {
        return Number.POSITIVE_INFINITY;
      }
    };
    const killWorker = async () => {
      killedByTest = true;
      const exited = new Promise((r) => child!.once('exit', r));
      child!.kill('SIGKILL');
      await exited;
    };

    /** A worker paused at the worst moment: maybe make Redis lose its last second now. */
    const onAnswered = (proc: ChildProcess, postId: string) => {
      waiting.add(postId);
      const platform = platformOf.get(postId)!;
      // The cuts are spread evenly over the platforms, in whatever order their posts come: a fixed
      // rotation could wait for a platform whose posts were all done already (seen on a loaded machine).
      const onPlatform = cutsPlanned.filter((p) => p === platform).length;
      const wanted =
        cutsPlanned.length < truncations &&
        onPlatform < Math.ceil(truncations / PLATFORM_ORDER.length) &&
        Date.now() - lastCutAt > 2000 &&
        proc === child;
      if (!wanted) return release(proc, postId);
      lastCutAt = Date.now();
      cutsPlanned.push(platform);
      // Each platform's first cut leaves the worker running (Redis alone lost its tail), its second cuts the power.
      const powerCut = options.powerCutsOnly === true || onPlatform % 2 === 1;
      void serially(async () => {
        if (proc !== child || !alive()) {
          // The worker died meanwhile (a random kill): this cut did not happen, a later post takes it.
          cutsPlanned.splice(cutsPlanned.lastIndexOf(platform), 1);
          return;
        }
        if (powerCut) await killWorker();
        const killedAt = Date.now();
        await server.kill();
        result.redisKills += 1;
        const cut = tail.cut(killedAt);
        await server.start();
        await cluster?.waitHealthy();
        tail.start();
        const stateAfter = (await app.publishingLog.get(postId))?.state ?? 'none';
        cuts.push({ ...cut, postId, platform, powerCut, stateAfter });
        options.log(
          `${powerCut ? 'power cut' : 'redis killed'} at ${postId} (${platform}): aof ${cut.size} → ${cut.cutTo} (a second ago ${cut.secondAgo}, confirmed floor ${cut.confirmedFloor}); post now ${stateAfter}`,
        );
        if (powerCut) {
          child = spawnWorker();
          result.restarts += 1;
        } else release(proc, postId);
      });
    };

    child = spawnWorker();
    let restartsLeft = options.redisRestarts;
    while (Date.now() - started < options.deadlineMs) {
      // Kill while the worker works (not while it is still starting): random moments of its run.
      await ready;
      await sleep(rand(300, 1500));
      await exclusive;
      if ((await pending()) === 0) break;
      await serially(async () => {
        if (restartsLeft > 0 && result.testKills >= Math.floor(options.kills / 2)) {
          restartsLeft -= 1;
          tail.stop();
          await server.stop(true);
          options.log('redis stopped');
          await sleep(rand(500, 1500));
          await server.start();
          await cluster?.waitHealthy();
          tail.start();
          result.redisRestarts += 1;
          options.log('redis started again');
          return;
        }
        if (result.testKills < options.kills && alive()) {
          await killWorker();
          result.testKills += 1;
        }
        if (!alive()) {
          child = spawnWorker();
          result.restarts += 1;
        }
      });
    }
    await exclusive;
    if (alive()) {
      for (const postId of [...waiting]) release(child!, postId);
      const exited = new Promise((r) => child!.once('exit', r));
      child!.kill('SIGTERM');
      await exited;
    }
    child = undefined;

    const finalStates: Record<string, PostState | 'none'> = {};
    let reconciled = 0;
    let claimLost = 0;
    const problems: Record<string, string> = {};
    for (const post of posts) {
      const record = await app.publishingLog.get(post.postId);
      finalStates[post.postId] = record?.state ?? 'none';
      if (record?.state !== 'published') {
        const timeline = (await app.publishingLog.timeline(post.postId))
          .map((e) => `${e.state}@${Date.parse(e.at) - started}${e.errorKind ? `(${e.errorKind})` : ''}`)
          .join(' ');
        problems[post.postId] =
          `${record?.state}: ${record?.errorKind ?? ''} ${record?.errorMessage ?? ''} ${record?.note ?? ''} [${timeline}]`;
      }
      if (record?.note?.includes('found live') || record?.note?.includes('duplicate; the live post is ours'))
        reconciled += 1;
      if (record?.note?.includes('Redis no longer held the claim')) claimLost += 1;
    }
    const byText = new Map<string, SandboxPost[]>();
    for (const platform of ['twitter', 'linkedin', 'facebook'] as Platform[]) {
      for (const p of sandboxes[platform].posts()) {
        const key = `${platform}:${withoutMediaLink(p.text)}`;
        byText.set(key, [...(byText.get(key) ?? []), p]);
      }
    }
    const copiesOnSandbox: Record<string, number> = {};
    const malformed: string[] = [];
    let matched = 0;
    for (const post of posts) {
      const parts = post.rendered.thread ?? [post.rendered.text];
      const found = parts.map((text) => byText.get(`${post.platform}:${text}`) ?? []);
      const counts = found.map((f) => f.length);
      matched += counts.reduce((a, b) => a + b, 0);
      copiesOnSandbox[post.postId] = counts.some((n) => n > 1) ? Math.max(...counts) : Math.min(...counts);
      if (counts.every((n) => n === 1)) {
        const live = found.map((f) => f[0]!);
        if (post.rendered.images.length && live[0]!.media.length !== post.rendered.images.length)
          malformed.push(`${post.postId}: image missing`);
        for (let i = 1; i < live.length; i++)
          if (live[i]!.replyTo !== live[i - 1]!.id)
            malformed.push(`${post.postId}: part ${i + 1} does not reply to part ${i}`);
      }
    }
    const total = [...byText.values()].reduce((a, b) => a + b.length, 0);
    return {
      posts,
      finalStates,
      problems,
      copiesOnSandbox,
      malformed,
      strangers: total - matched,
      reconciled,
      claimLost,
      cuts,
      alerts,
      elapsedMs: Date.now() - started,
      ...result,
    };
  } finally {
    tail.stop();
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await app.close().catch(() => undefined);
    redis.disconnect();
    await sandboxes.stop();
    await (cluster ?? server).stop();
  }
}

/**
 * The Redis of a run: one server, or a three-master cluster whose node owning the project's slot
 * (the `key`'s) is the server the run kills, restarts and cuts back. The append-only file is
 * never rewritten in the background, so a cut works on one growing file.
 */
async function startRedis(
  options: CrashRunOptions,
  key: string,
): Promise<{ server: RedisServerProcess; cluster?: RedisClusterProcess; url: string }> {
  const extraArgs = ['--auto-aof-rewrite-percentage', '0'];
  if (options.cluster) {
    const cluster = new RedisClusterProcess({ extraArgs });
    const url = await cluster.start();
    return { server: await cluster.nodeFor(key), cluster, url };
  }
  const server = new RedisServerProcess({ appendOnly: true, extraArgs });
  return { server, url: await server.start() };
}

const WORKSHOP_PNG = fileURLToPath(new URL('../fixtures/news/images/workshop.png', import.meta.url));

async function schedulePosts(app: App, _sandboxes: SandboxSet, options: CrashRunOptions): Promise<PlannedPost[]> {
  const posts: PlannedPost[] = [];
  const start = Date.now() + 2000;
  // Threads at 0, n, 2n…; images at 1, m+1, 2m+1… (some threads get an image too).
  const every = (i: number, n = 0, offset = 0) => n > 0 && i % n === offset;
  for (let i = 0; i < options.postsPerPlatform; i++) {
    for (const channel of ['x-secon', 'linkedin-secon', 'facebook-secon']) {
      const tag = Math.random().toString(36).slice(2, 8);
      const thread =
        channel === 'x-secon' && every(i, options.threadEvery)
          ? [
              `1/3 SECON crash thread ${i} ${tag}: partners compare support`,
              `2/3 Regions buy from social enterprises ${tag}`,
              `3/3 More on the project site ${tag}`,
            ]
          : undefined;
      // Spread so that kills land before, during and after due times. (The adapters' find looks
      // at the 50 most recent posts: a burst of more than 50 posts between a crash and its
      // reconciliation would hide the crashed post; see the notes of issue 6.)
      const post = plannedPost(channel, {
        at: new Date(start + i * 400),
        ...(thread
          ? { thread }
          : { text: `SECON crash test post ${i} on ${channel}: partners share social economy practice ${tag}` }),
      });
      if (every(i, options.imageEvery, 1 % (options.imageEvery || 1)))
        post.rendered.images = [{ src: WORKSHOP_PNG, alt: `SECON partners at workshop ${i}` }];
      posts.push(post);
    }
  }
  for (const post of posts) await app.scheduler.schedule({ newsId: post.newsId, posts: [post], skipped: [] }, 'test');
  return posts;
}

/** X returns the text of a post with media followed by its media link; compare without it. */
function withoutMediaLink(text: string): string {
  return text.replace(/\s*https:\/\/t\.co\/\S+$/, '');
}

/** Cuts after storing (outcome unknown) and 500s spread over the run, on every platform. */
function injectFaults(sandboxes: SandboxSet): void {
  const create: Record<Platform, string> = { twitter: '/2/tweets', linkedin: '/rest/posts', facebook: '/feed' };
  for (const platform of ['twitter', 'linkedin', 'facebook'] as Platform[]) {
    for (const skip of [3, 11, 19, 27, 34])
      sandboxes[platform].cutNext(1, { method: 'POST', path: create[platform], skip });
    sandboxes[platform].failNext(
      2,
      { status: 503, body: 'Service Unavailable' },
      { method: 'POST', path: create[platform], skip: 15 },
    );
    sandboxes[platform].latencyMs = 40;
  }
}

/** True when `state` is final. */
export function isFinal(state: PostState | 'none'): boolean {
  return state !== 'none' && FINAL_STATES.has(state);
}
