/**
 * Does this server's WAITAOF wait for the fsync? Starts a private server (valkey-server, else
 * redis-server; `--binary redis-server` to choose), follows its fsync calls with strace, and runs
 * rounds one after the other of a write and the worker's own DurableClaim.sync() (INCR + WAITAOF
 * on its connection, the server woken at once), then compares confirmations with fsyncs. Under
 * `appendfsync everysec` a server that keeps WAITAOF's word needs an fsync per round (at most one
 * a second); one that confirms before the fsync gets through every round with about one fsync a
 * second.
 *
 *   npx tsx dev/waitaof-fsync-check.ts [--rounds 200] [--appendfsync everysec|always] [--binary valkey-server|redis-server]
 *
 * Needs strace (Debian: `apt-get install strace`) and the right to trace the server (root, or
 * ptrace_scope 0). The README's "Run Redis so the log survives restarts" quotes its result.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DurableClaim } from '../src/publishing/durable-claim.ts';
import { redisKeys } from '../src/redis/redis-keys.ts';
import { describeServer, parseInfo, readRedisServerInfo } from '../src/redis/redis-server-info.ts';
import { REDIS_SERVER_BINARIES, type RedisServerBinary, RedisServerProcess } from './redis-server-process.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '200' },
    appendfsync: { type: 'string', default: 'everysec' },
    binary: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds expects a positive whole number, got ${values.rounds}`);
if (values.binary && !REDIS_SERVER_BINARIES.includes(values.binary as RedisServerBinary))
  throw new Error(`--binary expects one of ${REDIS_SERVER_BINARIES.join(', ')}, got ${values.binary}`);
if (spawnSync('strace', ['-V']).status !== 0) throw new Error('strace is missing (Debian: apt-get install strace)');

const server = new RedisServerProcess({ binary: values.binary as RedisServerBinary | undefined });
await server.start();
const client = new Redis(server.url);
const claim = new DurableClaim(client, redisKeys('waitaof-check'));
const traceFile = join(tmpdir(), `waitaof-fsync-${process.pid}.trace`);
try {
  await client.config('SET', 'appendfsync', values.appendfsync);
  const pid = Number(parseInfo(await client.info('server')).process_id);
  const version = describeServer(await readRedisServerInfo(client));
  // -f with -p follows every thread of the server, its background fsync thread among them.
  const strace = spawn('strace', ['-f', '-p', String(pid), '-e', 'trace=fsync,fdatasync', '-o', traceFile]);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const started = performance.now();
  let confirmed = 0;
  for (let i = 0; i < rounds; i++) {
    await client.set(`check:${i}`, 'x');
    const result = await claim.sync(5000);
    if (result === 'durable') confirmed++;
    else if (result !== 'not-durable') throw new Error(`${version} cannot confirm fsyncs at all (${result})`);
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 300));
  strace.kill('SIGINT');
  await new Promise((resolve) => strace.once('exit', resolve));
  const fsyncs = readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter((line) => /\b(fsync|fdatasync)\(/.test(line)).length;
  console.log(`${version}, appendfsync ${values.appendfsync}`);
  console.log(
    `${confirmed} of ${rounds} rounds confirmed by WAITAOF in ${seconds.toFixed(2)} s; fsync calls: ${fsyncs}`,
  );
  console.log(
    fsyncs >= confirmed
      ? 'WAITAOF waited for an fsync per confirmed round: a confirmed claim survives a power cut.'
      : 'WAITAOF confirmed writes that were not fsynced: a confirmed claim survives a crash of the server, not a power cut.',
  );
} finally {
  claim.close();
  client.disconnect();
  await server.stop();
  rmSync(traceFile, { force: true });
}
