import * as z from 'zod';
import { blockedPortReason } from '../net/fetch-blocked-ports.ts';

/**
 * The schema of `secon-bot.yaml`. Every object is strict, so a misspelt key is an error that names
 * its path instead of a setting silently ignored. Secrets never live here: a channel names the
 * environment variables that hold its credentials.
 */

export const PLATFORMS = ['facebook', 'linkedin', 'twitter'] as const;
export type Platform = (typeof PLATFORMS)[number];

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Language codes the project writes in (BCP 47 primary subtags). */
export const LANGUAGES = ['en', 'de', 'nl', 'el', 'bg', 'ro', 'hu', 'pl', 'pt', 'lv', 'es', 'fr'] as const;

export const timeZone = z.string().refine(isIanaZone, { message: 'expected an IANA time zone such as Europe/Sofia' });
export const languageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 language code such as "de" or "pt-PT"');
const envName = z.string().regex(ENV_NAME, 'expected the NAME of an environment variable (A-Z, 0-9, _), not a secret');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** A posting slot: a local time on some weekdays, in the channel's time zone. */
export const slotSchema = z
  .object({
    days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    time: z.string().regex(HHMM, 'expected a local time "HH:MM"'),
  })
  .strict();

/** When posts go out: shared by the project and overridable per channel. */
export const scheduleSettingsSchema = z
  .object({
    slots: z.array(slotSchema).min(1).optional(),
    minGapMinutes: z.number().int().min(0).optional(),
    quietDays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')).optional(),
  })
  .strict();

export const channelSchema = z
  .object({
    id: z.string().regex(CHANNEL_ID, 'expected a channel id of lower-case letters, digits and "-"'),
    platform: z.enum(PLATFORMS),
    /** Facebook page id, LinkedIn organisation URN, or X handle (without @). */
    account: z.string().min(1),
    /** Display name used in mentions and previews. */
    name: z.string().min(1).optional(),
    languages: z.array(languageCode).min(1),
    enabled: z.boolean().default(true),
    timezone: timeZone.optional(),
    /** Role → environment variable name, e.g. `accessToken: SECON_LINKEDIN_TOKEN`. */
    credentials: z.record(z.string(), envName),
    hashtags: z.array(z.string()).default([]),
    /** Posts to this channel wait for `secon-bot approve`. */
    requireApproval: z.boolean().default(false),
    /**
     * X only: when a post too long for one post becomes a numbered thread. `auto` (default): when
     * shortening its elastic field is not enough; `always` or `true`: whenever it does not fit;
     * `never` or `false`: never, shortening harder, and a post that still does not fit waits for a
     * person (awaiting-approval) with the reason.
     */
    thread: z
      .union([z.boolean(), z.enum(['auto', 'always', 'never'])])
      .default('auto')
      .transform((value) => (value === true ? 'always' : value === false ? 'never' : value)),
    /** Folder of templates that override the shipped ones for this channel. */
    templates: z.string().optional(),
    schedule: scheduleSettingsSchema.optional(),
  })
  .strict();

/** A feed's address: an http(s) URL (no user name or password in it), or a path of a local file. */
export function feedUrlProblem(url: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]+:/i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL; expected an http(s) URL such as https://www.haskovo.bg/rss, or a file path`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `"${parsed.protocol}" URLs are not fetched; expected an http(s) URL or a file path`;
  }
  if (!parsed.hostname) return `"${url}" names no host; expected an http(s) URL such as https://www.haskovo.bg/rss`;
  if (parsed.username || parsed.password) {
    return 'expected a URL without a user name or password (they would be written to logs and the publishing history)';
  }
  return undefined;
}

/**
 * Default of `feeds[].maxAgeDays`. Two weeks: older than that an item is no longer news to announce
 * (a partner's press release is shared within days), yet a feed that was unreachable, or a worker
 * that was stopped, for a week or so still gets its items posted when it is back.
 */
export const DEFAULT_FEED_MAX_AGE_DAYS = 14;
/** Default of `feeds[].maxNewPerPoll`. */
export const DEFAULT_FEED_MAX_NEW_PER_POLL = 5;

export const feedSchema = z
  .object({
    id: z.string().regex(CHANNEL_ID, 'expected a feed id of lower-case letters, digits and "-"'),
    url: z
      .string()
      .min(1)
      .superRefine((url, ctx) => {
        const problem = feedUrlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    /**
     * node-cron expression, e.g. every 15 minutes. Checked with node-cron's own validator when a
     * program loads the configuration (worker/feed-schedules.ts: the domain does not import node-cron).
     */
    schedule: z.string().min(1).default('*/15 * * * *'),
    language: languageCode.optional(),
    kind: z.enum(['announcement', 'recap', 'news']).default('news'),
    /** Feed items wait for a person's approval before they are scheduled. */
    approval: z.boolean().default(true),
    channels: z.array(z.string()).optional(),
    /**
     * A feed item first seen more than this many days after its `published` date is not taken: a
     * feed added today must not post its whole back catalogue. Edits of items already taken are.
     */
    maxAgeDays: z.number().int().min(1).default(DEFAULT_FEED_MAX_AGE_DAYS),
    /**
     * An item whose text reads as another language than the one it is given in (a Latvian feed's
     * English item): `hold` its posts of that language for a person even when the feed posts without
     * approval, or only `warn` (on its posts and in the worker's log). With `approval: true` every
     * post waits anyway. Default `hold`: nobody reads a feed's plan, and a post in the wrong
     * language's templates cannot be taken back unseen.
     */
    languageCheck: z.enum(['hold', 'warn']).default('hold'),
    /**
     * More new items than this in one poll, and they all wait for a person, even when the feed
     * posts without approval: a partner publishes one or two at a time, and a feed that moved or
     * re-published its items under new ids and dates (which the same-news check cannot see) would
     * otherwise post them all again. Edits of items taken before do not count.
     */
    maxNewPerPoll: z.number().int().min(1).default(DEFAULT_FEED_MAX_NEW_PER_POLL),
  })
  .strict();

/** Where a post's hashtags come from, in the order it takes them (see src/templates/post-tail.ts). */
export const HASHTAG_SOURCES = ['project-first', 'item', 'project', 'channel'] as const;

const platformSettings = z
  .object({
    /**
     * Order of the hashtags: `project-first` (the project's first tag), `item` (the item's tags in
     * the post's language), `project` (the project's other tags), `channel`. Default
     * [project-first, item, project, channel]: on X, with its three places, the item's own tag
     * comes before the project's second and third.
     */
    hashtagOrder: z
      .array(z.enum(HASHTAG_SOURCES))
      .min(1)
      .refine((order) => new Set(order).size === order.length, 'each source at most once')
      .optional(),
    /** Base URL of the API (a sandbox, a proxy, a new version). */
    baseUrl: z.string().url().optional(),
    concurrency: z.number().int().min(1).default(1),
    /** BullMQ limiter: at most `max` publishes per `durationMs`. */
    limiter: z
      .object({ max: z.number().int().min(1), durationMs: z.number().int().min(1) })
      .strict()
      .optional(),
  })
  .strict();

/** Who may do what on the review desk; each role can do everything the roles before it can. */
export const WEB_ROLES = ['viewer', 'editor', 'approver', 'admin'] as const;
export type WebRole = (typeof WEB_ROLES)[number];

/** A password hash as `secon-bot web hash-password` writes it: `scrypt$N$r$p$salt$hash` (base64url). */
const PASSWORD_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/;

export const webUserSchema = z
  .object({
    /** Login name, also written in the publishing log as `web:<name>`. */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'expected a user name of lower-case letters, digits, ".", "_" and "-"'),
    role: z.enum(WEB_ROLES),
    /** From `secon-bot web hash-password`; never a password. Absent: the user can log in only through the trusted proxy header. */
    passwordHash: z
      .string()
      .regex(PASSWORD_HASH, 'expected a hash from `secon-bot web hash-password` (scrypt$…), never a plain password')
      .optional(),
  })
  .strict();

/** The worker's /healthz and /metrics endpoint (worker/health-server.ts). */
export const workerSchema = z
  .object({
    /**
     * Interface to listen on. Default 127.0.0.1: only this machine. In a container, 0.0.0.0 (the
     * Compose file passes `worker --host 0.0.0.0` and publishes the port on the host's loopback).
     */
    host: z.string().min(1).default('127.0.0.1'),
    /** Port of /healthz and /metrics (`worker --port` overrides it). */
    port: z.number().int().min(0).max(65535).default(9464),
  })
  .strict();

/** The review desk (`secon-bot web`). */
export const webSchema = z
  .object({
    /** Interface to listen on. Default 127.0.0.1: only this machine (put a reverse proxy with HTTPS in front). */
    host: z.string().min(1).default('127.0.0.1'),
    /** Port to listen on. Default 8080. Not one browsers refuse (the Fetch standard's bad ports). */
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .superRefine((port, ctx) => {
        const reason = blockedPortReason(port);
        if (reason) ctx.addIssue({ code: 'custom', message: `${reason}; expected another port, e.g. 8080` });
      })
      .default(8080),
    /**
     * The desk runs behind a reverse proxy: a list trusts X-Forwarded-For/-Proto from those
     * addresses (IP or CIDR), `true` from any hop (a client can then write its own address: the desk
     * warns). Cookies are then Secure when the proxy says the request came over HTTPS. Default false.
     * A number of hops is refused: the desk's server (Fastify 5) cannot tell the proxy from a client
     * that connects directly, so it trusts no hop count at all — it would silently mean "no proxy"
     * (no Secure cookies; everyone shares the proxy's address for the login limit).
     */
    trustProxy: z
      .union([z.boolean(), z.array(z.string().min(1)).min(1), z.number()])
      .superRefine((value, ctx) => {
        if (typeof value === 'number')
          ctx.addIssue({
            code: 'custom',
            message:
              "a number of proxy hops is not trusted by the desk's server (it would ignore X-Forwarded-Proto and -For); " +
              'expected true or the proxy\'s addresses, e.g. trustProxy: [127.0.0.1] (README, "Behind a reverse proxy with HTTPS")',
          });
      })
      .transform((value) => value as boolean | string[])
      .default(false),
    /** Environment variable holding the session signing secret (32+ characters; NAME_FILE works too). */
    sessionSecretEnv: envName.default('SECON_WEB_SESSION_SECRET'),
    /** A session ends this long after login. Default 12 hours. */
    sessionHours: z
      .number()
      .min(0.1)
      .max(24 * 30)
      .default(12),
    /**
     * Wrong passwords per user name before its login is refused for `throttleMinutes`; per client
     * address the limit is 4 × this (web/auth/login-throttle.ts). Default 5.
     */
    maxLoginFailures: z.number().int().min(1).default(5),
    /** Default 15 minutes. */
    throttleMinutes: z.number().min(1).default(15),
    /**
     * Login by a header set by a trusted reverse proxy that has already authenticated the person
     * (e.g. `X-Forwarded-User`). Off by default; only requests from `trustedAddresses` count, and
     * the named user must be in `users`.
     */
    proxyAuth: z
      .object({
        header: z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name'),
        trustedAddresses: z.array(z.string().min(1)).min(1).default(['127.0.0.1', '::1']),
      })
      .strict()
      .optional(),
    /** Folder that local image paths of uploaded or pasted news are read from. Default `news` (the sample news folder). */
    newsDir: z.string().min(1).default('news'),
    users: z.array(webUserSchema).default([]),
  })
  .strict();

export const configSchema = z
  .object({
    project: z
      .object({
        name: z.string().min(1),
        fullName: z.string().optional(),
        website: z.string().url(),
        contact: z.string().optional(),
        hashtags: z.array(z.string()).default([]),
        timezone: timeZone,
        defaultLanguage: languageCode.default('en'),
      })
      .strict(),
    redis: z
      .object({
        /** Every key and queue name starts with this, so several projects can share one Redis. */
        keyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .default('secon-bot'),
        /**
         * Connect through the Redis Cluster client even when REDIS_URL names one node (several
         * comma-separated nodes always mean a cluster). Every key of the project carries the hash
         * tag `{<keyPrefix>}`, so they share one slot either way. Default false.
         */
        cluster: z.boolean().optional(),
      })
      .strict()
      .default({ keyPrefix: 'secon-bot' }),
    channels: z.array(channelSchema).min(1),
    feeds: z.array(feedSchema).default([]),
    planning: z
      .object({
        schedule: scheduleSettingsSchema.default({}),
        /** A post overdue by more than this is not published late but marked `missed`. */
        graceHours: z.number().min(0).default(6),
        reminder: z
          .object({
            enabled: z.boolean().default(true),
            daysBefore: z.number().int().min(0).default(1),
            time: z.string().regex(HHMM).default('09:00'),
          })
          .strict()
          .default({ enabled: true, daysBefore: 1, time: '09:00' }),
        eventDay: z
          .object({ enabled: z.boolean().default(true), time: z.string().regex(HHMM).default('08:00') })
          .strict()
          .default({ enabled: true, time: '08:00' }),
      })
      .strict()
      .default({
        schedule: {},
        graceHours: 6,
        reminder: { enabled: true, daysBefore: 1, time: '09:00' },
        eventDay: { enabled: true, time: '08:00' },
      }),
    links: z
      .object({
        utm: z.boolean().default(true),
        utmMedium: z.string().default('social'),
      })
      .strict()
      .default({ utm: true, utmMedium: 'social' }),
    platforms: z
      .object({
        twitter: platformSettings
          .extend({
            /**
             * A thread longer than this many parts is not posted without a person: it waits in
             * awaiting-approval with the reason. Default 6.
             */
            maxThreadParts: z.number().int().min(1).max(25).default(6),
          })
          .strict()
          .default({ concurrency: 1, maxThreadParts: 6 }),
        linkedin: platformSettings
          .extend({
            version: z
              .string()
              .regex(/^\d{6}$/, 'expected YYYYMM')
              .default('202611'),
          })
          .strict()
          .default({ concurrency: 1, version: '202611' }),
        facebook: platformSettings
          .extend({
            graphVersion: z
              .string()
              .regex(/^v\d+\.\d+$/, 'expected e.g. v26.0')
              .default('v26.0'),
          })
          .strict()
          .default({ concurrency: 1, graphVersion: 'v26.0' }),
      })
      .strict()
      .default({
        twitter: { concurrency: 1, maxThreadParts: 6 },
        linkedin: { concurrency: 1, version: '202611' },
        facebook: { concurrency: 1, graphVersion: 'v26.0' },
      }),
    publishing: z
      .object({
        attempts: z.number().int().min(1).default(5),
        backoffMs: z.number().int().min(1).default(30_000),
        /**
         * Before calling a platform, wait until Redis has the publish claim in its append-only
         * file (WAITAOF; Redis 7.2+ with appendonly yes, skipped otherwise), so a Redis crash
         * cannot lose the claim of a post that went out.
         */
        durableClaim: z.boolean().default(true),
      })
      .strict()
      .default({ attempts: 5, backoffMs: 30_000, durableClaim: true }),
    ingest: z
      .object({
        maxBytes: z.number().int().min(1).default(1_048_576),
        timeoutMs: z.number().int().min(1).default(10_000),
        /** Let feeds and images come from loopback or private networks (tests, intranets). */
        allowPrivateNetworks: z.boolean().default(false),
        /** Items one file, URL or feed may hold; more and it is refused whole. Default 1000. */
        maxItemsPerSource: z.number().int().min(1).default(1_000),
        /**
         * A folder local images may also come from (relative to the working directory), besides
         * the news file's own folder. Default: none.
         */
        mediaRoot: z.string().min(1).optional(),
      })
      .strict()
      .default({ maxBytes: 1_048_576, timeoutMs: 10_000, allowPrivateNetworks: false, maxItemsPerSource: 1_000 }),
    log: z
      .object({
        /** Trim log entries older than this many days; absent keeps everything. */
        retentionDays: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
    alerts: z
      .object({
        /** Name of the env variable holding the webhook URL (Slack/Teams URLs are secrets). */
        webhookUrlEnv: envName.optional(),
        /** An alert identical to one sent within this many minutes is not sent again. */
        dedupeMinutes: z.number().min(0).default(30),
        /** At most this many alerts per window; the rest go out as one summary when it ends. */
        maxPerWindow: z.number().int().min(1).default(5),
        /** The rate cap's window in minutes. */
        windowMinutes: z.number().min(0).default(10),
        /**
         * Hours before a post's planned time from which an alert reminds people that it waits for
         * approval (once per post and time, one alert per news item). 0: no reminders.
         */
        approvalLeadHours: z.number().min(0).default(24),
      })
      .strict()
      .default({ dedupeMinutes: 30, maxPerWindow: 5, windowMinutes: 10, approvalLeadHours: 24 }),
    worker: workerSchema.default(workerSchema.parse({})),
    web: webSchema.default(webSchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    const users = new Set<string>();
    config.web.users.forEach((user, index) => {
      if (users.has(user.name))
        ctx.addIssue({
          code: 'custom',
          path: ['web', 'users', index, 'name'],
          message: `duplicate user "${user.name}"`,
        });
      users.add(user.name);
    });
    config.channels.forEach((channel, index) => {
      if (seen.has(channel.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', index, 'id'],
          message: `duplicate channel id "${channel.id}"`,
        });
      }
      seen.add(channel.id);
    });
    const channelIds = new Set(config.channels.map((c) => c.id));
    const feedIds = new Set<string>();
    config.feeds.forEach((feed, index) => {
      if (feedIds.has(feed.id)) {
        ctx.addIssue({ code: 'custom', path: ['feeds', index, 'id'], message: `duplicate feed id "${feed.id}"` });
      }
      feedIds.add(feed.id);
      feed.channels?.forEach((channel, i) => {
        if (!channelIds.has(channel)) {
          ctx.addIssue({
            code: 'custom',
            path: ['feeds', index, 'channels', i],
            message: `unknown channel "${channel}"; expected one of ${[...channelIds].join(', ')}`,
          });
        }
      });
    });
  });

export type Config = z.infer<typeof configSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
export type FeedConfig = z.infer<typeof feedSchema>;
export type Slot = z.infer<typeof slotSchema>;
export type WebConfig = z.infer<typeof webSchema>;
export type WebUser = z.infer<typeof webUserSchema>;
