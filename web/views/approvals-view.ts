import type { Config } from '../../src/config/config-schema.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { shownText } from '../../src/preview/post-card.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import type { ChannelPause } from '../../src/publishing/channel-state.ts';
import { can } from '../auth/roles.ts';
import { excerpt, failureHtml, localDateTime, postIdHtml, stateBadge } from './format.ts';
import { csrfField, type PageContext, page } from './layout.ts';
import { pausedBadge, pauseNotice } from './pause-notice.ts';
import { noWorkerNotice } from './worker-notice.ts';

/** Beside "Approve selected": the same selection refused, asked first (the posts will not go out). */
const CANCEL_SELECTED = html`<button type="submit" class="danger" formaction="/approvals/cancel" data-confirm="Cancel the selected posts? They will not go out.">Cancel selected</button>`;

/** What a person reads before approving a post unopened ("Approve selected"). */
export interface PostReview {
  /** Why it cannot go out without a person (RenderedPost.hold), e.g. a feed's item in another language. */
  hold?: string;
  warnings: readonly string[];
}

/** Everything waiting for a person, oldest first. */
export interface ApprovalsData {
  /** The news item the page is narrowed to (`?news=`); none: everything. */
  news?: string;
  /** Posts awaiting approval per news item, over everything (the links that narrow the page). */
  awaitingByNews: Array<[newsId: string, posts: number]>;
  awaiting: PostRecord[];
  /** What fitting and planning said of each awaiting post, by post id (none: nothing shown). */
  review?: ReadonlyMap<string, PostReview>;
  /** Worker processes running now (WorkerPresence): with none, approving sends nothing yet. */
  workersRunning: number;
  missed: PostRecord[];
  unconfirmed: PostRecord[];
  /** Posts that failed lately (the platform refused them, or their tries ran out). */
  failed: PostRecord[];
  /** How far back `failed` goes, in days. */
  failedDays: number;
  /** Channels paused now: approved, their posts still wait. */
  paused: ChannelPause[];
}

export function approvalsPage(ctx: PageContext, config: Config, data: ApprovalsData): string {
  const role = ctx.user?.role ?? 'viewer';
  const mayApprove = can(role, 'approve');
  const paused = new Set(data.paused.map((p) => p.channel));
  const total = data.awaiting.length + data.missed.length + data.unconfirmed.length + data.failed.length;
  const body = html`<h1>Approvals</h1>
<p class="lead">Everything waiting for a person, oldest first.${mayApprove ? '' : ` Your role (${role}) can look but not approve.`}</p>
<div data-live-region>
${noWorkerNotice(data.workersRunning, data.awaiting.length > 0)}
${data.paused
  .filter((p) => data.awaiting.some((r) => r.channel === p.channel))
  .map((p) => pauseNotice(config, p, 'Its posts wait: approved, they go out once it is resumed.'))}
${newsChoice(data)}
${
  total
    ? data.awaiting.length
      ? ''
      : html`<p class="empty">No post awaits approval${data.news ? html` for ${data.news}` : ''}; below, posts that need a person for another reason.</p>`
    : html`<p class="empty">Nothing is waiting for a person${data.news ? html` for ${data.news}` : ''}.</p>`
}
${
  data.awaiting.length
    ? html`<section aria-labelledby="awaiting"><h2 id="awaiting">Awaiting approval (${data.awaiting.length})</h2>
${
  mayApprove
    ? html`<form method="post" action="/approvals/approve">${csrfField(ctx)}${data.news ? html`<input type="hidden" name="news" value="${data.news}">` : ''}
<p class="bulk"><label><input type="checkbox" data-select-all="postId"> Select all</label> <button type="submit">Approve selected</button> ${CANCEL_SELECTED}</p>
${rows(config, data.awaiting, true, paused, data.review)}
<p><button type="submit">Approve selected</button> ${CANCEL_SELECTED}</p></form>`
    : rows(config, data.awaiting, false, paused, data.review)
}</section>`
    : ''
}
${data.missed.length ? html`<section aria-labelledby="missed"><h2 id="missed">Missed (${data.missed.length})</h2><p>Their time passed beyond the grace period without going out. Open one to retry or leave it.</p>${rows(config, data.missed, false, paused)}</section>` : ''}
${data.unconfirmed.length ? html`<section aria-labelledby="unconfirmed"><h2 id="unconfirmed">Unconfirmed (${data.unconfirmed.length})</h2><p>The platform's answer was lost: check the account, then retry (it is checked first) or leave it.</p>${rows(config, data.unconfirmed, false, paused)}</section>` : ''}
${data.failed.length ? html`<section aria-labelledby="failed"><h2 id="failed">Failed in the last ${data.failedDays} days (${data.failed.length})</h2><p>The platform refused them, or their tries ran out; each says why. Fix the cause (the text, an image, the credentials), then open one to retry, or leave it.</p>${rows(config, data.failed, false, paused)}</section>` : ''}
</div>`;
  return page(ctx, { title: 'Approvals', body, live: true });
}

/**
 * One news item's posts at a time (a news item is a dozen posts in several languages): links to
 * narrow the page to each item that has posts awaiting approval, or back to everything.
 */
function newsChoice(data: ApprovalsData): SafeHtml {
  if (data.news)
    return html`<p class="notice" role="status">Only the posts of <strong>${data.news}</strong>. <a href="/approvals">Show everything</a></p>`;
  if (data.awaitingByNews.length < 2) return html``;
  return html`<p>Awaiting approval by news item: ${data.awaitingByNews.map(
    ([news, posts], i) =>
      html`${i ? ' · ' : ''}<a href="/approvals?news=${encodeURIComponent(news)}">${news}</a> (${posts})`,
  )}</p>`;
}

function rows(
  config: Config,
  records: PostRecord[],
  selectable: boolean,
  paused: ReadonlySet<string>,
  review: ReadonlyMap<string, PostReview> = new Map(),
): SafeHtml {
  return html`<ul class="approval-list">${records.map((r) => {
    const zone = channelZoneById(config, r.channel);
    const id = `sel-${r.postId}`;
    return html`<li class="mini-card">
${selectable ? html`<input type="checkbox" name="postId" value="${r.postId}" id="${id}">` : ''}
<div><p class="mc-head">${selectable ? html`<label for="${id}" class="post-id">${postIdHtml(r.postId)}</label>` : html`<span class="mono post-id">${postIdHtml(r.postId)}</span>`} ${stateBadge(r.state)}</p>
<p>${r.channel}${paused.has(r.channel) ? pausedBadge() : ''} · ${r.language} · ${r.kind} · <time datetime="${r.plannedAt}">${localDateTime(r.plannedAt, zone)}</time></p>
<p class="mc-text" lang="${r.language}">${excerpt(shownText(r.text, r.platform), 200)}</p>
${reviewHtml(review.get(r.postId))}
${failureHtml(r)}
<p><a href="/posts/${encodeURIComponent(r.postId)}">Open post<span class="visually-hidden"> ${r.postId}</span></a></p></div></li>`;
  })}</ul>`;
}

/** Why a post waits for a person, and its warnings, as its card on the post page shows them. */
function reviewHtml(review: PostReview | undefined): SafeHtml {
  if (!review) return html``;
  const hold = review.hold ? html`<p class="mc-hold">Waits for a person: ${review.hold}</p>` : '';
  const warnings = review.warnings.length
    ? html`<ul class="warning-list" aria-label="Warnings">${review.warnings.map((w) => html`<li>${w}</li>`)}</ul>`
    : '';
  return html`${hold}${warnings}`;
}
