/**
 * Every Redis key secon-bot uses, in one place. Each lives under the configured `redis.keyPrefix`
 * wrapped in braces, a Redis Cluster hash tag (`<p>` below is `{secon-bot}` for the default prefix);
 * no other module spells a key. Why the tag: Redis Cluster hashes only the part between the first
 * `{` and `}`, so every key of one project (ours and BullMQ's, which get the same `<p>` as their
 * `prefix`) lands in one slot, and the log's Lua script, the lease scripts and BullMQ's scripts
 * (which touch many keys at once) are legal on a cluster. On a single server the tag is just part
 * of the name; the layout is the same on both.
 *
 * | key                              | type          | holds                                               | written by           |
 * |----------------------------------|---------------|-----------------------------------------------------|----------------------|
 * | `<p>:log:stream`                 | stream        | every log entry, oldest first, compact: no text, no identity but the post id (`c`) | RedisPublishingLog |
 * | `<p>:log:record:<post>`          | string (JSON) | the post's current record (stored-record.ts): latest entry (short names, with text), timeline ids, the payload (without text) | RedisPublishingLog |
 * | `<p>:log:timeline:<post>`        | list          | (before 0.2) a post's stream ids; moved into its record at its next write | RedisPublishingLog |
 * | `<p>:log:texts:<post>`           | hash          | the post's earlier texts by sha256 (edited posts)   | RedisPublishingLog   |
 * | `<p>:log:idx:<dim>:<value>`      | sorted set    | post ids by `at` (ms) per channel/news/state (before: platform, language and kind too, no longer read) | RedisPublishingLog |
 * | `<p>:post:<post>`                | hash          | `claimedAt`, `part:<n>` (from the claim on); `post`, the payload of a post planned before it moved into the record | PostStore, the log's script |
 * | `<p>:lease:<post>`               | string, PX    | token of the attempt working on the post            | ClaimLeases          |
 * | `<p>:channel:<channel>`          | hash          | `pause`: why and since when the channel is held; `resumed`: who lifted the last pause | ChannelState |
 * | `<p>:channel:<channel>:events`   | list (JSON)   | the channel's pauses and resumes, newest first (the last 100) | ChannelState |
 * | `<p>:news:item:<news>`           | hash          | content hash, the item, when it was taken           | NewsStore            |
 * | `<p>:news:seen:<digest>`         | set           | the ids of the items taken with this title and published time (a digest of both) | NewsStore |
 * | `<p>:news:seen-filled`           | string        | when the items an earlier version took were added to the sets above | NewsStore |
 * | `<p>:news:feed:<feed>:http`      | hash          | the feed's ETag / Last-Modified                     | FeedPoller           |
 * | `<p>:news:feed:<feed>:lock`      | string, PX    | lock of the instance polling the feed               | FeedPoller           |
 * | `<p>:news:feed:<feed>:interval`  | string, PX    | marks a poll within the minimum interval            | FeedPoller           |
 * | `<p>:news:feed:<feed>:health`    | hash          | `readAt` (ms) of the last poll that read it; `failures`, `since` (ms), `error`, `alerted`: its current run of failed polls; `rejected` (JSON): the items its last read refused, the first five | FeedHealth (worker; the desk reads it) |
 * | `<p>:cron:<task>`                | string, PX    | the tick a periodic task last ran for (one instance)| WorkerRuntime        |
 * | `<p>:durable-claim`              | counter       | a write of its own before WAITAOF                   | DurableClaim         |
 * | `<p>:redis-run`                  | string        | run id of the Redis whose restart was last reconciled | RedisRestarts      |
 * | `<p>:workers`                    | hash (JSON)   | each worker process's host, pid, start and last beat (or stop) | WorkerPresence |
 * | `<p>:web:session:<id>`           | string, PX    | a review desk session (user, CSRF secret, message)  | RedisSessionStore    |
 * | `<p>:web:login-failures:<k>:<v>` | counter, PX   | logins tried and not (yet) right, per user name (`user`) or address (`ip`) | LoginThrottle |
 * | `<p>:web:draft:<id>`             | string, EX    | uploaded or pasted news between check and schedule  | NewsDrafts           |
 * | `<p>:web:credential-checks`      | string (JSON) | the desk's last credentials check of every channel  | review desk (health) |
 * | `<p>:publish-<platform>:…`       | BullMQ        | the publish queues (BullMQ's own layout)            | PublishQueue         |
 */
export interface RedisKeys {
  /** The configured prefix as a hash tag (`{secon-bot}`), BullMQ's `prefix` (its queues' keys start with it). */
  readonly prefix: string;
  readonly logStream: string;
  logRecord(postId: string): string;
  logTimeline(postId: string): string;
  /** Earlier texts of a post, by sha256 (only for posts whose text changed: see src/log/stream-entries.ts). */
  logTexts(postId: string): string;
  /** Prefix of every log index key (`<dim>:<value>` follows). */
  readonly logIndexPrefix: string;
  logIndex(dimension: string, value: string): string;
  post(postId: string): string;
  lease(postId: string): string;
  channel(channelId: string): string;
  /** The history of a channel's pauses and resumes. */
  channelEvents(channelId: string): string;
  newsItem(newsId: string): string;
  /** The ids of the items taken with one title and published time (NewsStore: the same news under another id). */
  newsSeen(digest: string): string;
  /** That the items an earlier version took are in the newsSeen sets (NewsStore.fillSeen). */
  readonly newsSeenFilled: string;
  /** That a person was reminded of the post waiting for approval, for its planned time (ApprovalReminders). */
  approvalReminder(postId: string): string;
  /** That the worker alerted of this platform API version retiring, in the last week (RetiringVersionAlerts). */
  apiVersionAlert(platform: string, version: string): string;
  feed(feedId: string): { lock: string; validators: string; interval: string; health: string };
  cronTick(task: string): string;
  readonly durableClaim: string;
  /** The run id of the Redis server the workers last checked for a restart (RedisRestarts). */
  readonly redisRun: string;
  /** Which worker processes are running: one field per worker, its last beat (WorkerPresence). */
  readonly workers: string;
  /** The review desk (web/). */
  webSession(sessionId: string): string;
  webLoginFailures(kind: 'user' | 'ip', value: string): string;
  webDraft(draftId: string): string;
  readonly webCredentialChecks: string;
}

/**
 * The fields of a post's hash (`<p>:post:<post>`): the claim mark and one field per posted thread
 * part; `post`, the payload, only for posts planned before the payload moved into the log record.
 * PostStore owns them; the log's write script sets the claim mark with the claim.
 */
export const POST_FIELDS = { post: 'post', claimedAt: 'claimedAt', partPrefix: 'part:' } as const;

/** A prefix that already carries a hash tag: `{…}` with something between the braces. */
const HASH_TAGGED = /\{[^{}]+\}/;

/**
 * The configured key prefix as the project's hash tag: `secon-bot` → `{secon-bot}`. A prefix that
 * already holds a tag is kept as it is (so the function can be applied twice).
 */
export function hashTaggedPrefix(keyPrefix: string): string {
  return HASH_TAGGED.test(keyPrefix) ? keyPrefix : `{${keyPrefix}}`;
}

/** The key map of one project (one key prefix, given as configured or already tagged). */
export function redisKeys(keyPrefix: string): RedisKeys {
  const prefix = hashTaggedPrefix(keyPrefix);
  const logIndexPrefix = `${prefix}:log:idx:`;
  return {
    prefix,
    logStream: `${prefix}:log:stream`,
    logRecord: (postId) => `${prefix}:log:record:${postId}`,
    logTimeline: (postId) => `${prefix}:log:timeline:${postId}`,
    logTexts: (postId) => `${prefix}:log:texts:${postId}`,
    logIndexPrefix,
    logIndex: (dimension, value) => `${logIndexPrefix}${dimension}:${value}`,
    post: (postId) => `${prefix}:post:${postId}`,
    lease: (postId) => `${prefix}:lease:${postId}`,
    channel: (channelId) => `${prefix}:channel:${channelId}`,
    channelEvents: (channelId) => `${prefix}:channel:${channelId}:events`,
    newsItem: (newsId) => `${prefix}:news:item:${newsId}`,
    newsSeen: (digest) => `${prefix}:news:seen:${digest}`,
    newsSeenFilled: `${prefix}:news:seen-filled`,
    approvalReminder: (postId) => `${prefix}:approval-reminder:${postId}`,
    apiVersionAlert: (platform, version) => `${prefix}:api-version-alert:${platform}:${version}`,
    feed: (feedId) => {
      const base = `${prefix}:news:feed:${feedId}`;
      return {
        lock: `${base}:lock`,
        validators: `${base}:http`,
        interval: `${base}:interval`,
        health: `${base}:health`,
      };
    },
    cronTick: (task) => `${prefix}:cron:${task}`,
    durableClaim: `${prefix}:durable-claim`,
    redisRun: `${prefix}:redis-run`,
    workers: `${prefix}:workers`,
    webSession: (sessionId) => `${prefix}:web:session:${sessionId}`,
    webLoginFailures: (kind, value) => `${prefix}:web:login-failures:${kind}:${value}`,
    webDraft: (draftId) => `${prefix}:web:draft:${draftId}`,
    webCredentialChecks: `${prefix}:web:credential-checks`,
  };
}

/**
 * The SCAN/KEYS pattern of every key of one project (tests and benchmarks clean up with it). In a
 * glob `*`, `?`, `[`, `]` and `\\` are special and braces are not, so only the former are escaped.
 */
export function keyPattern(keyPrefix: string): string {
  return `${globEscape(hashTaggedPrefix(keyPrefix))}:*`;
}

/** The pattern of every key BullMQ keeps for one queue of this project (BullMQ's own layout below it). */
export function queueKeyPattern(keyPrefix: string, queueName: string): string {
  return `${globEscape(hashTaggedPrefix(keyPrefix))}:${globEscape(queueName)}:*`;
}

/** `text` matched literally by a Redis glob pattern. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
