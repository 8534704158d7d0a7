import type { Command } from 'commander';
import type { ChannelConfig, Config } from '../../src/config/config-schema.ts';
import { credentialStatus, scrubSecrets } from '../../src/config/secrets.ts';
import { counted } from '../../src/counted.ts';
import { localTime } from '../../src/log/history-format.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { FeedHealth, type FeedState } from '../../src/news/feed-health.ts';
import { describeFeedState, FEED_FAILING_EFFECT } from '../../src/news/feed-state-text.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { describeAge, versionsInUse } from '../../src/platforms/api-versions.ts';
import { checkChannel, type DoctorCheck } from '../../src/platforms/channel-check.ts';
import { AWAITING_APPROVAL_STATES } from '../../src/posts/post.ts';
import { type ChannelPause, ChannelState } from '../../src/publishing/channel-state.ts';
import { type NeedingAPerson, needingAPerson, RECENT_FAILURE_DAYS } from '../../src/publishing/needing-a-person.ts';
import { DURABLE_REDIS_FIX, UNDURABLE_RISK } from '../../src/publishing/undurable-claims-error.ts';
import { WorkerPresence, type WorkerRoll } from '../../src/publishing/worker-presence.ts';
import { describeWorkerRoll } from '../../src/publishing/worker-roll-text.ts';
import { connectRedis, redisUrl, START_REDIS, safeRedisUrl } from '../../src/redis/connect-redis.ts';
import { redisKeys } from '../../src/redis/redis-keys.ts';
import {
  describeServer,
  describeSettings,
  type RedisServerInfo,
  readRedisServerInfo,
  undurableReason,
  unfsyncedClaimWarning,
} from '../../src/redis/redis-server-info.ts';
import { configWithFeeds, printJson } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { paint } from '../output/colour.ts';
import { hanging } from '../output/hanging-text.ts';
import { screenWidth } from '../output/screen.ts';

export type { DoctorCheck };

/** `secon-bot doctor`: configuration, Redis and every enabled channel's credentials, one line each. */
export async function run(options: { json?: boolean }, command: Command): Promise<void> {
  const checks = await runDoctor(command);
  const ok = checks.every((c) => c.ok);
  if (options.json) printJson({ ok, checks });
  else {
    const failed = checks.filter((c) => !c.ok).length;
    const verdict = ok
      ? paint('green', 'All checks passed.')
      : paint('red', `${counted(failed, 'check', 'checks')} failed.`);
    process.stdout.write(`${formatChecks(checks)}\n${verdict}\n`);
  }
  process.exitCode = ok ? EXIT.ok : EXIT.failure;
}

export async function runDoctor(command: Command): Promise<DoctorCheck[]> {
  let config: Config;
  let path: string;
  let sandbox: string | undefined;
  try {
    ({ config, path, sandbox } = await configWithFeeds(command));
  } catch (error) {
    return [
      {
        name: 'config',
        ok: false,
        detail: scrubSecrets((error as Error).message),
        fix:
          'correct the configuration file (see `secon-bot config`), or point --config / SECON_BOT_CONFIG at the ' +
          'right one',
      },
    ];
  }
  const enabled = config.channels.filter((c) => c.enabled);
  const checks: DoctorCheck[] = [
    {
      name: 'config',
      ok: true,
      detail: `${path} is valid (${counted(config.channels.length, 'channel', 'channels')}, ${enabled.length} enabled)`,
    },
  ];
  checks.push(...(await checkRedis(config)));
  checks.push(...versionChecks(config, new Date()));
  checks.push(
    ...(await Promise.all(
      config.channels.map((channel) => unreadableCredentials(channel) ?? checkChannel(channel, config, { sandbox })),
    )),
  );
  return checks;
}

/**
 * An enabled channel whose NAME_FILE cannot be read: said as such (variable, path, why), with its
 * fix, instead of the platform check, which could only fail on it with a vaguer word.
 */
function unreadableCredentials(channel: ChannelConfig): DoctorCheck | undefined {
  if (!channel.enabled) return undefined;
  const { unreadable } = credentialStatus(channel.credentials);
  if (!unreadable.length) return undefined;
  return {
    name: `channel ${channel.id}`,
    ok: false,
    detail: `credentials unreadable: ${unreadable.join('; ')}`,
    fix: 'make the file readable by secon-bot, or point the _FILE variable at the file that holds the value',
  };
}

/**
 * The API version each platform in use is called with, and how old it is: LinkedIn retires a
 * monthly version about a year after it came out, and then refuses every post (426). The
 * credentials check below says whether the platform serves it today; this says when it stops.
 */
export function versionChecks(config: Config, now: Date): DoctorCheck[] {
  return versionsInUse(config, now).map((age) => {
    const known = describeAge(age);
    return {
      name: `${age.platform} API version`,
      ok: true,
      detail: `${age.setting}: ${age.version}${known ? ` (${known})` : ''}`,
      data: { ...age },
      ...(age.warn ? { warning: `${age.note} (${age.setting})` } : {}),
    };
  });
}

/** Reachable; persisted as the log needs; able to make publish claims durable. Read-only. */
async function checkRedis(config: Config): Promise<DoctorCheck[]> {
  const url = redisUrl();
  let info: RedisServerInfo;
  let roll: WorkerRoll;
  let feeds: FeedState[];
  let paused: ChannelPause[];
  let person: NeedingAPerson;
  let awaiting: PostRecord[];
  try {
    const redis = await connectRedis(url, 3000, { cluster: config.redis.cluster ?? false });
    try {
      const keys = redisKeys(config.redis.keyPrefix);
      // On a Redis Cluster: the master that holds the project's slot (all its keys).
      info = await readRedisServerInfo(redis, keys.durableClaim);
      roll = await new WorkerPresence(redis, keys).roll(new Date());
      feeds = await new FeedHealth(redis, (id) => keys.feed(id).health).states(config.feeds.map((f) => f.id));
      paused = await new ChannelState(redis, keys).paused(config.channels.map((c) => c.id));
      const log = new RedisPublishingLog(redis, keys);
      person = await needingAPerson(log, config, new Date());
      awaiting = await log.query({ state: [...AWAITING_APPROVAL_STATES], order: 'asc' });
    } finally {
      await redis.quit();
    }
  } catch (error) {
    return [
      {
        name: 'redis',
        ok: false,
        detail: scrubSecrets((error as Error).message),
        fix: `start Redis (${START_REDIS}) or set REDIS_URL to where it runs`,
      },
    ];
  }
  const data = {
    server: info.server,
    version: info.version,
    redisVersion: info.redisVersion,
    appendonly: info.appendonly,
    appendfsync: info.appendfsync ?? null,
    maxmemoryPolicy: info.maxmemoryPolicy ?? null,
  };
  const compatible = info.server === 'redis' ? '' : ` (Redis ${info.redisVersion} compatible)`;
  const which = process.env.REDIS_URL ? '' : ' (REDIS_URL is not set: the default)';
  const cluster = info.cluster
    ? `, a Redis Cluster of ${info.cluster.masters} masters (the project's keys on ${info.cluster.node})`
    : '';
  return [
    {
      name: 'redis',
      ok: true,
      detail: `${describeServer(info)}${compatible} at ${safeRedisUrl(url)}${which}${cluster}`,
      data: { ...data, cluster: info.cluster ?? null },
    },
    persistenceCheck(info),
    durableClaimsCheck(info),
    workersCheck(roll, config),
    pausesCheck(paused, config),
    postsCheck(person),
    approvalsCheck(awaiting, config, new Date()),
    ...feeds.map((state) => feedCheck(state, config)),
  ];
}

/**
 * The channels paused now. A pause is a person's choice (or the worker's, on a credentials failure,
 * which the channel's own check then shows): a warning, not a failure, since its posts wait, none lost.
 */
function pausesCheck(paused: ChannelPause[], config: Config): DoctorCheck {
  const data = { paused: paused.map((p) => p.channel) };
  if (!paused.length) return { name: 'pauses', ok: true, detail: 'no channel is paused', data };
  const since = (p: ChannelPause) => localTime(p.since, channelZoneById(config, p.channel));
  return {
    name: 'pauses',
    ok: true,
    detail: paused.map((p) => `${p.channel} paused since ${since(p)} by ${p.by}: ${p.reason}`).join('; '),
    data,
    warning: `${paused.length === 1 ? 'its posts wait until it is resumed' : 'their posts wait until they are resumed'}: ${paused.map((p) => `\`secon-bot resume ${p.channel}\``).join(', ')}`,
  };
}

/**
 * Posts that do not go out without a person: failed lately, missed, unconfirmed. A warning, not a
 * failure: the set-up works, but someone has to look at them (agenda and the desk list them too).
 */
function postsCheck(person: NeedingAPerson): DoctorCheck {
  const ids = (records: PostRecord[]) => records.map((r) => r.postId);
  const data = { failed: ids(person.failed), missed: ids(person.missed), unconfirmed: ids(person.unconfirmed) };
  const parts = [
    ...(person.failed.length ? [`${person.failed.length} failed in the last ${RECENT_FAILURE_DAYS} days`] : []),
    ...(person.missed.length ? [`${person.missed.length} missed`] : []),
    ...(person.unconfirmed.length ? [`${person.unconfirmed.length} unconfirmed`] : []),
  ];
  if (!parts.length) return { name: 'posts', ok: true, detail: 'no post failed, was missed or is unconfirmed', data };
  const total = person.failed.length + person.missed.length + person.unconfirmed.length;
  return {
    name: 'posts',
    ok: true,
    detail: `${counted(total, 'post waits', 'posts wait')} for a person: ${parts.join(', ')}`,
    data,
    warning:
      `nothing happens to ${total === 1 ? 'it' : 'them'} until someone acts: \`secon-bot agenda\` lists them, \`secon-bot show <post id>\` says why; ` +
      `\`secon-bot retry <post id>\` once the cause is fixed${person.unconfirmed.length ? ' (an unconfirmed one may be live: look at the account first)' : ''}`,
  };
}

/**
 * Posts that wait for approval: the day's work of the people who approve, fine while their time is
 * ahead. One whose planned time has passed goes out at once if approved within the planning's
 * grace and is missed after it: a warning, since nobody may know it waits (the feed's items, say).
 */
function approvalsCheck(awaiting: PostRecord[], config: Config, now: Date): DoctorCheck {
  const data = { awaiting: awaiting.map((r) => r.postId) };
  if (!awaiting.length) return { name: 'approvals', ok: true, detail: 'no post waits for approval', data };
  const first = awaiting[0] as PostRecord;
  const detail = `${counted(awaiting.length, 'post waits', 'posts wait')} for approval, the first planned for ${localTime(first.plannedAt, channelZoneById(config, first.channel))} (${first.postId})`;
  const late = awaiting.filter((r) => Date.parse(r.plannedAt) < now.getTime());
  if (!late.length) return { name: 'approvals', ok: true, detail, data };
  return {
    name: 'approvals',
    ok: true,
    detail,
    data,
    warning:
      `${counted(late.length, 'is', 'are')} past ${late.length === 1 ? 'its' : 'their'} planned time: approved within ${counted(config.planning.graceHours, 'hour', 'hours')} of it (planning.graceHours) a post goes out at once, after that it is missed; ` +
      `\`secon-bot approve ${late.length === 1 ? late[0]?.postId : '<post id>'}\`, or \`secon-bot cancel\` if it should not go out`,
  };
}

/**
 * A feed as the worker's polls left it: failing is a failure (its new items are not taken), read or
 * not polled yet is fine. The feed is not fetched here: the worker's polls say what it gets.
 */
function feedCheck(state: FeedState, config: Config): DoctorCheck {
  const { ok, detail, rejected } = describeFeedState(state, (iso) => localTime(iso, config.project.timezone));
  const name = `feed ${state.feedId}`;
  // Refused items are a warning: the feed is read, its other items are taken.
  if (ok) return { name, ok, detail, ...(rejected ? { warning: rejected } : {}) };
  return {
    name,
    ok,
    detail,
    fix: `${FEED_FAILING_EFFECT}: check the address (feeds[].url) in a browser, or ask the site that publishes it`,
  };
}

/**
 * Whether a worker runs on this Redis and key prefix. None is a warning, not a failure: doctor is
 * run before the first worker starts too. Without one, nothing that is scheduled goes out.
 */
function workersCheck(roll: WorkerRoll, config: Config): DoctorCheck {
  const text = describeWorkerRoll(roll, new Date(), (iso) => localTime(iso, config.project.timezone));
  const data = { running: roll.running.length, workers: roll.running.map((w) => w.id) };
  if (text.ok) return { name: 'worker', ok: true, detail: `${text.summary}: ${text.details.join('; ')}`, data };
  return {
    name: 'worker',
    ok: true,
    detail: 'none running',
    data,
    warning: `${text.summary}. ${text.details.join(' ')}`,
  };
}

/** appendonly yes with fsyncs (everysec or always), and no eviction: the log must survive and stay whole. */
function persistenceCheck(info: RedisServerInfo): DoctorCheck {
  const detail = describeSettings(info);
  const problems: string[] = [];
  if (!info.appendonly) problems.push('set `appendonly yes`, or a restart loses the publishing log');
  if (info.appendfsync === 'no') problems.push('set `appendfsync always` (with `no` the OS decides when to write)');
  if (info.maxmemoryPolicy && info.maxmemoryPolicy !== 'noeviction')
    problems.push('set `maxmemory-policy noeviction`: an eviction policy silently drops parts of the log and queue');
  const check: DoctorCheck = { name: 'redis persistence', ok: problems.length === 0, detail };
  return problems.length ? { ...check, fix: `${problems.join('; ')} (redis.conf, or CONFIG SET)` } : check;
}

/** Whether the worker can make each publish claim durable (WAITAOF) before calling a platform. */
function durableClaimsCheck(info: RedisServerInfo): DoctorCheck {
  const reason = undurableReason(info);
  if (!reason) {
    const warning = unfsyncedClaimWarning(info);
    return {
      name: 'durable claims',
      ok: true,
      detail: `yes: each publish claim is confirmed in the append-only file (WAITAOF) before the platform is called${warning ? '' : ', fsynced'}`,
      data: { survivesPowerCut: !warning },
      ...(warning ? { warning } : {}),
    };
  }
  return {
    name: 'durable claims',
    ok: false,
    detail: `no: ${reason}; the worker refuses to start without --allow-undurable-claims`,
    fix: `${DURABLE_REDIS_FIX}. Without it, ${UNDURABLE_RISK}`,
  };
}

/**
 * One line per check: ✔/✘, the name, what was found, and the fix under a failure; long lines wrap
 * to `width` (the terminal's) under their start.
 */
export function formatChecks(checks: DoctorCheck[], width = screenWidth()): string {
  const nameWidth = Math.max(...checks.map((c) => c.name.length));
  const under = `  ${' '.repeat(nameWidth)}  `;
  return checks
    .map((c) =>
      [
        hanging(`${c.ok ? paint('green', '✔') : paint('red', '✘')} ${c.name.padEnd(nameWidth)}  `, c.detail, width),
        ...(c.ok || !c.fix ? [] : [hanging(`${under}fix: `, c.fix, width)]),
        ...(c.warning ? [hanging(`${under}${paint('yellow', '⚠')} `, c.warning, width)] : []),
      ].join('\n'),
    )
    .join('\n');
}
