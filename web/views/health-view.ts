import { capitalised } from '../../src/capitalised.ts';
import type { ChannelConfig, Config, FeedConfig, Platform } from '../../src/config/config-schema.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import type { FeedState } from '../../src/news/feed-health.ts';
import { feedIntakeText } from '../../src/news/feed-intake-text.ts';
import { feedScheduleText } from '../../src/news/feed-schedule-text.ts';
import { describeFeedState, FEED_FAILING_EFFECT } from '../../src/news/feed-state-text.ts';
import { channelZone } from '../../src/planning/channel-schedule.ts';
import { type ApiVersionAge, describeAge } from '../../src/platforms/api-versions.ts';
import type { DoctorCheck } from '../../src/platforms/channel-check.ts';
import { PLATFORM_LABELS } from '../../src/preview/post-card.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import type { ChannelEvent, ChannelPause, ChannelResume } from '../../src/publishing/channel-state.ts';
import type { WorkerRollText } from '../../src/publishing/worker-roll-text.ts';
import { can } from '../auth/roles.ts';
import { actorLink, channelEventBadge, failureHtml, localDateTime } from './format.ts';
import { csrfField, type PageContext, page } from './layout.ts';

/** The last credentials check the desk ran. */
export interface CredentialChecks {
  checkedAt: string;
  by: string;
  checks: Record<string, DoctorCheck>;
}

export interface ChannelHealth {
  channel: ChannelConfig;
  pause: ChannelPause | null;
  /** Who lifted its last pause and when (shown while it runs). */
  lastResume: ChannelResume | null;
  lastPublished: PostRecord | null;
  /** Its newest post that is failed now (a retried one that went out is published, not this). */
  lastFailed: PostRecord | null;
}

/** The Redis the desk and the workers share, as `doctor` reads it. */
export interface RedisHealth {
  /** `Valkey 8.0.1`. */
  server: string;
  /** `appendonly yes, appendfsync everysec, maxmemory-policy noeviction`. */
  settings: string;
  /** Why claims cannot be made durable there (undefined: they can). */
  undurable?: string;
  /** Why a confirmed claim may still be lost in a power cut, and the way out (undefined: it cannot). */
  unfsynced?: string;
}

/** A configured feed and what its polls found. */
export interface FeedHealthRow {
  feed: FeedConfig;
  state: FeedState;
}

export interface HealthData {
  /** The worker processes, in words (src/publishing/worker-roll-text.ts). */
  workers: WorkerRollText;
  channels: ChannelHealth[];
  /** The configured feeds, in the configuration's order. */
  feeds: FeedHealthRow[];
  /** The latest pauses and resumes of the channels, newest first (HEALTH_EVENTS_SHOWN). */
  channelEvents: ChannelEvent[];
  redis: RedisHealth;
  credentials: CredentialChecks | null;
  versions: ApiVersionAge[];
  queues: Array<{ platform: Platform; counts: Record<string, number> }>;
  logEntries: number;
}

const QUEUE_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'failed'] as const;

/** Pauses and resumes the page lists (each channel keeps more: CHANNEL_EVENTS_KEPT). */
export const HEALTH_EVENTS_SHOWN = 20;

export { QUEUE_STATES };

export function healthPage(ctx: PageContext, config: Config, data: HealthData): string {
  const admin = can(ctx.user?.role ?? 'viewer', 'admin');
  const zone = config.project.timezone;
  const body = html`<h1>Health</h1>
${workersSection(data.workers)}
<section aria-labelledby="h-channels"><h2 id="h-channels">Channels</h2>
<p>Credentials ${data.credentials ? html`last checked ${localDateTime(data.credentials.checkedAt, zone)} by ${data.credentials.by} (one read-only call to each platform: nothing is posted).` : 'not checked from the desk yet (the worker checks them daily and alerts on a failure).'}</p>
${admin ? html`<form method="post" action="/health/check">${csrfField(ctx)}<button type="submit">Check credentials now</button></form>` : ''}
<div class="table-wrap"><table class="stacked">
<thead><tr><th scope="col">Channel</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Credentials</th><th scope="col">Last published</th>${admin ? html`<th scope="col">Pause</th>` : ''}</tr></thead>
<tbody>${data.channels.map((c) => channelRow(ctx, config, c, data.credentials, admin))}</tbody></table></div>
</section>
${data.feeds.length ? feedsSection(data.feeds, zone) : ''}
${eventsSection(data.channelEvents, zone)}
<section aria-labelledby="h-versions"><h2 id="h-versions">Platform API versions</h2>
${
  data.versions.length
    ? html`<ul>${data.versions.map(
        (v) =>
          html`<li${v.warn ? html` class="warn"` : ''}><strong>${v.platform === 'linkedin' ? 'LinkedIn-Version' : 'Graph API'} ${v.version}</strong>${describeAge(v) ? ` — ${describeAge(v)}` : ''}: ${v.note}</li>`,
      )}</ul>`
    : html`<p>No enabled channel publishes on LinkedIn or Facebook (X takes no API version).</p>`
}</section>
${redisSection(data.redis)}
<section aria-labelledby="h-queues"><h2 id="h-queues">Queues</h2>
<p class="hint">Publishing jobs per platform. waiting: due now, next for the worker; delayed: waiting for their time; active: being published now; prioritized: due now, ahead of the waiting ones; failed: jobs that ended on an error after their last try. A post the platform refused is failed in the publishing log whatever this column says: its channel's row above and Approvals show it.</p>
<div class="table-wrap"><table class="stacked"><thead><tr><th scope="col">Platform</th>${QUEUE_STATES.map((s) => html`<th scope="col">${s}</th>`)}</tr></thead>
<tbody>${data.queues.map((q) => html`<tr><th scope="row">${PLATFORM_LABELS[q.platform]}</th>${QUEUE_STATES.map((s) => html`<td data-label="${s}">${q.counts[s] ?? 0}</td>`)}</tr>`)}</tbody></table></div>
<p>The publishing log holds ${data.logEntries} entries.</p></section>`;
  return page(ctx, { title: 'Health', body });
}

/** First on the page: with no worker running nothing goes out, whatever the rest says. */
function workersSection(workers: WorkerRollText): SafeHtml {
  return html`<section aria-labelledby="h-workers"><h2 id="h-workers">Workers</h2>
${
  workers.ok
    ? html`<p>${workers.summary}.</p><ul>${workers.details.map((line) => html`<li>${line}</li>`)}</ul>`
    : html`<div class="notice" role="alert"><p><strong>${codeSpans(workers.summary)}.</strong></p>${workers.details.map((line) => html`<p>${line}</p>`)}</div>`
}</section>`;
}

/**
 * The feeds whose items are taken on their own: whether each is read, or since when it fails and
 * why (a failing feed's new items are not taken; the worker alerts after a few failed polls).
 */
function feedsSection(rows: FeedHealthRow[], zone: string): SafeHtml {
  const stateHtml = ({ state }: FeedHealthRow): SafeHtml => {
    const { ok, detail, rejected } = describeFeedState(state, (iso) => localDateTime(iso, zone));
    // Items the feed holds but the bot refused: the feed is read, they are not taken.
    const refused = rejected ? html`<p class="feed-rejected">${capitalised(rejected)}.</p>` : '';
    if (!ok)
      return html`<span class="badge state-failed">failing</span> ${detail}. ${capitalised(FEED_FAILING_EFFECT)}.${refused}`;
    return state.readAtMs === undefined
      ? html`${detail}${refused}`
      : html`<span class="badge state-published">read</span> ${detail}${refused}`;
  };
  return html`<section aria-labelledby="h-feeds"><h2 id="h-feeds">Feeds</h2>
<p class="hint">News taken from feeds on their own, as the worker polls them (times in ${zone}).</p>
<div class="table-wrap"><table class="stacked"><thead><tr><th scope="col">Feed</th><th scope="col">Address</th><th scope="col">Polled</th><th scope="col">New items</th><th scope="col">State</th></tr></thead>
<tbody>${rows.map(
    (row) =>
      html`<tr><th scope="row">${row.feed.id}</th><td data-label="Address"><div class="mono">${row.feed.url}</div></td><td data-label="Polled"><div>${capitalised(feedScheduleText(row.feed.schedule))} <code class="hint">${row.feed.schedule}</code></div></td><td data-label="New items"><div>${feedIntakeText(row.feed)}</div></td><td data-label="State"><div>${stateHtml(row)}</div></td></tr>`,
  )}</tbody></table></div></section>`;
}

/** Who held which channel, why, and who let it go again: the latest first. */
function eventsSection(events: ChannelEvent[], zone: string): SafeHtml {
  const rows = events.map(
    (e) =>
      // The channel heads its row (a card of its own on a phone); each cell's content in one element (desk.css).
      html`<tr><th scope="row">${e.channel}</th><td data-label="When"><div><time datetime="${e.at}">${localDateTime(e.at, zone)}</time></div></td><td data-label="What"><div>${channelEventBadge(e.kind)}</div></td><td data-label="By"><div>${actorLink(e.by)}</div></td><td data-label="Reason"><div>${e.reason}</div></td></tr>`,
  );
  return html`<section aria-labelledby="h-pauses"><h2 id="h-pauses">Pauses and resumes</h2>
${
  events.length
    ? html`<p class="hint">The channels' latest pauses and resumes (at most ${HEALTH_EVENTS_SHOWN}), newest first; a resume gives the reason of the pause it lifted; every one, among the changes to posts, on <a href="/activity">Activity</a>. Times in ${zone}.</p>
<div class="table-wrap"><table class="stacked"><thead><tr><th scope="col">Channel</th><th scope="col">When</th><th scope="col">What</th><th scope="col">By</th><th scope="col">Reason</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    : html`<p>No channel has been paused.</p>`
}</section>`;
}

function redisSection(redis: RedisHealth): SafeHtml {
  const claims = redis.undurable
    ? html`<li class="warn"><strong>Publish claims are not durable:</strong> ${redis.undurable}. The worker refuses to start here unless told to accept the risk.</li>`
    : redis.unfsynced
      ? html`<li class="warn"><strong>Publish claims survive a crash of Redis, not a power cut:</strong> ${codeSpans(redis.unfsynced)}.</li>`
      : html`<li><strong>Publish claims are fsynced</strong> before each platform call: they survive a crash of Redis and a power cut.</li>`;
  return html`<section aria-labelledby="h-redis"><h2 id="h-redis">Redis</h2>
<ul><li><strong>${redis.server}</strong>: ${redis.settings}</li>${claims}</ul></section>`;
}

/**
 * An account id that may break after its colons (urn:li:organization:93265886) and nowhere else: a
 * narrow column broke it mid-word ("SeconPro ject_eu") when any point would do.
 */
function breakableId(id: string): SafeHtml[] {
  return id.split(/(?<=:)/).map((part, i) => (i ? html`<wbr>${part}` : html`${part}`));
}

/** A message written for the terminal, its `quoted` parts as code. */
function codeSpans(text: string): SafeHtml[] {
  return text.split('`').map((part, i) => (i % 2 ? html`<code>${part}</code>` : html`${part}`));
}

/**
 * The channel's newest failure when nothing went out after it: the platform refused the last thing
 * sent (credentials, a rule, an image), so the next posts may be refused too. An older failure
 * followed by a publish is history, not health (Approvals lists it).
 */
function failedSince({ lastPublished, lastFailed }: ChannelHealth, zone: string): SafeHtml {
  if (!lastFailed || (lastPublished && lastPublished.at >= lastFailed.at)) return html``;
  return html`<div class="channel-failure"><span class="badge state-failed">failed</span> <time datetime="${lastFailed.at}">${localDateTime(lastFailed.at, zone)}</time> · <a href="/posts/${encodeURIComponent(lastFailed.postId)}">the post<span class="visually-hidden"> ${lastFailed.postId}</span></a>${failureHtml(lastFailed)}</div>`;
}

function channelRow(
  ctx: PageContext,
  config: Config,
  health: ChannelHealth,
  checks: CredentialChecks | null,
  admin: boolean,
): SafeHtml {
  const { channel, pause, lastResume, lastPublished } = health;
  const check = checks?.checks[channel.id];
  const zone = channelZone(config, channel);
  const status = !channel.enabled
    ? html`<span class="badge">disabled</span>`
    : pause
      ? html`<span class="badge state-failed">paused</span> since ${localDateTime(pause.since, zone)} by ${pause.by}: ${pause.reason}`
      : html`<span class="badge state-published">running</span>${
          lastResume
            ? html`<br><span class="hint">resumed ${localDateTime(lastResume.at, zone)} by ${lastResume.by}, after a pause by ${lastResume.pause.by}: ${lastResume.pause.reason}</span>`
            : ''
        }`;
  const credentials = check
    ? html`<span class="badge ${check.ok ? 'state-published' : 'state-failed'}">${check.ok ? 'OK' : 'failing'}</span> ${check.detail}${check.fix ? html`<br><span class="hint">Fix: ${check.fix}</span>` : ''}`
    : 'not checked';
  const id = encodeURIComponent(channel.id);
  // Each cell's content in one element: stacked on a phone (desk.css), a cell is a grid of its label and that.
  return html`<tr><th scope="row">${channel.id}<br><span class="hint">${PLATFORM_LABELS[channel.platform]}, ${zone}</span></th><td data-label="Account"><div>${channel.name ?? ''} <span class="mono account">${breakableId(channel.account)}</span></div></td><td data-label="Status"><div>${status}</div></td><td data-label="Credentials"><div>${credentials}</div></td>
<td data-label="Last published"><div>${lastPublished ? html`<time datetime="${lastPublished.at}">${localDateTime(lastPublished.at, zone)}</time>${lastPublished.url ? html` · <a href="${lastPublished.url}" rel="noopener noreferrer">live post</a>` : ''}` : 'never'}${failedSince(health, zone)}</div></td>
${
  admin
    ? html`<td data-label="Pause">${
        pause
          ? html`<form method="post" action="/channels/${id}/resume">${csrfField(ctx)}<button type="submit">Resume ${channel.id}</button></form>`
          : html`<form method="post" action="/channels/${id}/pause" class="inline-form">${csrfField(ctx)}<label for="reason-${channel.id}" class="visually-hidden">Why pause ${channel.id}</label><input id="reason-${channel.id}" name="reason" placeholder="reason" required><button type="submit">Pause ${channel.id}</button></form>`
      }</td>`
    : ''
}</tr>`;
}
