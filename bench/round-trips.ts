import { Redis } from 'ioredis';
import { type SandboxSet, sandboxConfig, sandboxEnv, startSandboxes } from '../sandbox/index.ts';
import type { Config } from '../src/config/config-schema.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { createLogger } from '../src/logger.ts';
import { WorkerRuntime } from '../worker/worker-runtime.ts';
import { startBenchRedis } from './harness.ts';
import { xPost } from './thin-slice.bench.ts';

/**
 * Counts the Redis commands the thin slice sends per post (schedule, then publish through the X
 * sandbox), with MONITOR on a private server: what a change to the publish path saves. Commands run
 * inside Lua scripts are counted apart (`lua …`). Not a timing: `npx tsx bench/round-trips.ts [posts]
 * [--trace]` (--trace prints every command a client sent, for one post use 1).
 */
const count = Number(process.argv[2] ?? 20);
const trace = process.argv.includes('--trace');

const server = await startBenchRedis();
const sandboxes: SandboxSet = await startSandboxes({ rateLimit: { limit: 1e7, windowMs: 60_000 } });
const config: Config = { ...sandboxConfig(loadConfig('secon-bot.yaml'), sandboxes.urls), redis: { keyPrefix: 'rt' } };
const runtime = await WorkerRuntime.start({
  config,
  redisUrl: server.url,
  env: { ...process.env, ...sandboxEnv(config) },
  port: null,
  pollFeeds: false,
  logger: createLogger({ destination: process.stderr, level: 'error', pretty: false }),
});
const monitorClient = new Redis(server.url);
const lines: string[] = [];
const monitor = await monitorClient.monitor();
monitor.on('monitor', (_time: string, args: string[], source: string) =>
  lines.push(`${source} ${args.join(' ').slice(0, 100)}`),
);
await new Promise((r) => setTimeout(r, 200));
lines.length = 0;
const worker = runtime.workers.find((w) => w.name.includes('twitter'))!;
let done = 0;
const drained = new Promise<void>((resolve) => worker.on('completed', () => ++done === count && resolve()));
const posts = Array.from({ length: count }, (_, i) => xPost('rt', i));
await runtime.app.scheduler.schedule({ newsId: 'rt', posts, skipped: [] }, 'bench');
await drained;
await new Promise((r) => setTimeout(r, 200));
const counts = new Map<string, number>();
let sent = 0;
for (const line of lines) {
  const [source, command] = line.split(' ');
  const lua = source!.includes('lua');
  if (!lua) sent++;
  const key = `${lua ? 'lua ' : ''}${command!.toLowerCase()}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
console.log(`${count} posts: ${(sent / count).toFixed(1)} commands sent by clients per post (BullMQ's included)`);
for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1]))
  console.log(`${(n / count).toFixed(2).padStart(7)}  ${key}`);
if (trace) console.log(lines.filter((l) => !l.split(' ')[0]!.includes('lua')).join('\n'));
monitor.disconnect();
monitorClient.disconnect();
await runtime.stop();
await sandboxes.stop();
await server.stop();
