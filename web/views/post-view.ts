import { DateTime } from 'luxon';
import type { Config } from '../../src/config/config-schema.ts';
import { languageName } from '../../src/language-name.ts';
import { attemptsText } from '../../src/log/history-format.ts';
import type { LogEntry } from '../../src/log/log-entry.ts';
import type { PostApproval } from '../../src/log/post-facts.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { channelZoneById } from '../../src/planning/channel-schedule.ts';
import { heldByPause, type PostState } from '../../src/posts/post.ts';
import { type PostCard, platformLabel } from '../../src/preview/post-card.ts';
import { postCardHtml } from '../../src/preview/post-card-html.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import type { ChannelPause } from '../../src/publishing/channel-state.ts';
import { can } from '../auth/roles.ts';
import { actorLink, entryDetailHtml, localDateTime, stateBadge, timeHtml } from './format.ts';
import { csrfField, type PageContext, page } from './layout.ts';
import { pausedBadge, pauseNotice } from './pause-notice.ts';

/** The actions a post's state allows, as the domain allows them (see the post actions). */
export interface PostActionsAllowed {
  approve: boolean;
  edit: boolean;
  reschedule: boolean;
  cancel: boolean;
  retry: boolean;
}

/** A text a person wrote (PlannedPost.edited), and what the news item gives the post now. */
export interface PersonText {
  by: string;
  at: string;
  /** The item's text for the post now, as a person edits it; only while the post can still change. */
  itemText?: string;
  /** The item's text differs from the one the person's words replaced: the item was edited since. */
  itemChanged?: boolean;
}

/** What the post page shows. */
export interface PostPageData {
  record: PostRecord;
  card: PostCard;
  /** Index of each card image the desk serves (local files); others show their alt text only. */
  servedImages: ReadonlySet<number>;
  timeline: LogEntry[];
  actions: PostActionsAllowed;
  /** The text the edit box starts with. */
  editableText: string;
  /** Why the text cannot be edited although the state would allow it (a claimed post). */
  editBlocked?: string;
  /** The approval in force, kept on the record (it outlives a trimmed timeline). */
  approval?: PostApproval;
  /** The pause of the post's channel, when it is paused: nothing goes out on it meanwhile. */
  pause?: ChannelPause;
  /** Set when a person wrote the text. */
  personText?: PersonText;
  /** The language the post's news item reads as, when not the post's: the page offers to plan it in it. */
  languageFix?: string;
}

/**
 * The post's time and card in the tense of its state: a published post went out (at the time it
 * did, not the one planned) and its platform shows it; one that never will would have shown it.
 */
const TENSE: Partial<Record<PostState, { when: string; shows: string }>> = {
  scheduled: { when: 'Goes out', shows: 'will show' },
  published: { when: 'Went out', shows: 'shows' },
  failed: { when: 'Was to go out', shows: 'would have shown' },
  missed: { when: 'Was to go out', shows: 'would have shown' },
  cancelled: { when: 'Was to go out', shows: 'would have shown' },
};

export function postPage(ctx: PageContext, config: Config, data: PostPageData): string {
  const { record } = data;
  const zone = channelZoneById(config, record.channel);
  const role = ctx.user?.role ?? 'viewer';
  const id = encodeURIComponent(record.postId);
  const imageHref = (_image: unknown, index: number) =>
    data.servedImages.has(index) ? `/posts/${id}/images/${index}` : undefined;
  const textChanged = data.timeline.some((e) => e.textHash !== record.textHash);
  const tense = TENSE[record.state] ?? TENSE.scheduled!;
  const pause = heldByPause(record.state) ? data.pause : undefined;
  const body = html`<p class="crumbs"><a href="/calendar">Calendar</a> › <a href="/calendar?news=${record.newsId}">${record.newsId}</a></p>
<h1>Post <span class="mono">${record.postId}</span></h1>
<div class="post-layout" data-live-region>
<div class="post-main">
<dl class="facts">
<div><dt>State</dt><dd>${stateBadge(record.state)}${attemptsText(record, data.timeline)}</dd></div>
<div><dt>${tense.when}</dt><dd>${timeHtml(record.state === 'published' ? record.at : record.plannedAt, zone)} <span class="zone">(${zone})</span></dd></div>
<div><dt>Channel</dt><dd>${record.channel} (${platformLabel(record.platform)})${pause ? pausedBadge() : ''}</dd></div>
<div><dt>Language</dt><dd>${languageName(record.language)}</dd></div>
<div><dt>Kind</dt><dd>${record.kind}</dd></div>
<div><dt>News item</dt><dd><a href="/history?news=${record.newsId}">${record.newsId}</a></dd></div>
${data.approval ? html`<div><dt>Approved</dt><dd>by ${data.approval.approvedBy}, ${timeHtml(data.approval.approvedAt, zone)}</dd></div>` : ''}
${record.url ? html`<div><dt>Live post</dt><dd><a href="${record.url}" rel="noopener noreferrer">${record.url}</a></dd></div>` : ''}
${record.errorKind ? html`<div><dt>Last error</dt><dd>${record.errorKind}: ${record.errorMessage ?? ''}</dd></div>` : ''}
${data.personText ? html`<div><dt>Text by</dt><dd>${actorLink(data.personText.by)}, ${timeHtml(data.personText.at, zone)}</dd></div>` : ''}
${record.note ? html`<div><dt>Note</dt><dd>${record.note}</dd></div>` : ''}
</dl>
${pause ? pauseNotice(config, pause, pausedWhat(role)) : ''}
<h2>As ${data.card.platformLabel} ${tense.shows} it</h2>
${postCardHtml(data.card, { imageHref, headingLevel: 3 })}
${data.personText?.itemText === undefined ? '' : itemTextHtml(data.personText, record.language)}
<h2>Timeline</h2>
${timelineTable(data.timeline, zone)}
${textChanged ? html`<p class="notice" role="note">The text changed during this post's life; the card shows the current one.</p>` : ''}
</div>
<aside class="post-actions" aria-labelledby="actions-title">
<h2 id="actions-title">Actions</h2>
${actionsHtml(ctx, data, zone, role)}
</aside>
</div>`;
  return page(ctx, { title: `Post ${record.postId}`, body, live: true });
}

/**
 * The template's text from the news item beside the person's words: open, and said, when the item
 * changed since they wrote (what to compare, and to copy from); else folded away, for reference.
 */
function itemTextHtml(person: PersonText, language: string): SafeHtml {
  const text = html`<pre class="item-text-body" lang="${language}">${person.itemText ?? ''}</pre>`;
  if (!person.itemChanged)
    return html`<details class="item-text"><summary>The template's text, which ${person.by}'s words replaced</summary>${text}</details>`;
  return html`<section class="item-text" aria-labelledby="item-text-title">
<h2 id="item-text-title">The news item changed since ${person.by} wrote this text</h2>
<p class="hint">The post keeps the text ${actorLink(person.by)} wrote. The template's text from the news item as it is now reads:</p>
${text}
</section>`;
}

function timelineTable(entries: LogEntry[], zone: string): SafeHtml {
  if (!entries.length) return html`<p>No entries (the log was trimmed).</p>`;
  // Stacked rows on a phone, as the history: five columns do not fit and would scroll out of sight.
  return html`<div class="table-wrap"><table class="timeline stacked">
<caption class="visually-hidden">Every change of this post, oldest first</caption>
<thead><tr><th scope="col">When (${zone})</th><th scope="col">State</th><th scope="col">Attempt</th><th scope="col">Detail</th><th scope="col">By</th></tr></thead>
<tbody>${entries.map(
    (e) =>
      html`<tr><td data-label="When"><time datetime="${e.at}">${localDateTime(e.at, zone)}</time></td><td data-label="State"><div>${stateBadge(e.state)}</div></td><td data-label="Attempt">${e.attempt}</td><td data-label="Detail">${entryDetailHtml(e, zone)}</td><td data-label="By">${actorLink(e.actor)}</td></tr>`,
  )}</tbody></table></div>`;
}

function actionsHtml(
  ctx: PageContext,
  data: PostPageData,
  zone: string,
  role: NonNullable<PageContext['user']>['role'],
): SafeHtml {
  const { record, actions } = data;
  const id = encodeURIComponent(record.postId);
  const forms: SafeHtml[] = [];
  // A paused channel sends nothing: no hint may promise a time the pause overrides.
  const held = whilePaused(record, data.pause !== undefined);
  if (actions.approve && can(role, 'approve'))
    forms.push(
      html`<form method="post" action="/posts/${id}/approve">${csrfField(ctx)}<button type="submit">Approve</button><p class="hint">It is then queued for ${localDateTime(record.plannedAt, zone)}.${held}</p></form>`,
    );
  if (actions.retry && can(role, 'approve'))
    forms.push(
      html`<form method="post" action="/posts/${id}/retry">${csrfField(ctx)}<button type="submit">Retry now</button><p class="hint">The platform is asked first whether an earlier attempt is already live.${held}</p></form>`,
    );
  if (actions.edit && can(role, 'edit')) {
    forms.push(
      data.editBlocked
        ? html`<p class="notice">${data.editBlocked}</p>`
        : html`<form method="post" action="/posts/${id}/edit" class="stack">${csrfField(ctx)}
<p><label for="edit-text">Text</label><textarea id="edit-text" name="text" rows="8" lang="${record.language}">${data.editableText}</textarea></p>
<p class="hint">Checked and fitted to ${data.card.platformLabel} again when saved (length, thread).${settledHint(record.state, role)}</p>
<button type="submit">Save text</button></form>`,
    );
  }
  if (data.languageFix && can(role, 'edit')) {
    const other = languageName(data.languageFix);
    const own = languageName(record.language);
    forms.push(html`<form method="post" action="/posts/${id}/language" data-confirm="Plan news item ${record.newsId} in ${other}? Its ${own} posts that have not gone out are cancelled.">${csrfField(ctx)}<input type="hidden" name="language" value="${data.languageFix}"><button type="submit" class="secondary">Plan it in ${other}</button>
<p class="hint">Its text reads as ${other}. The news item is planned again in ${other} on the channels that post in it, its ${own} posts that have not gone out are cancelled, and its feed's later polls keep ${other}.</p></form>`);
  }
  if (actions.reschedule && can(role, 'edit')) {
    // Publishing cannot be taken back: a scheduled post asks first, as cancelling does.
    const confirm =
      record.state === 'scheduled'
        ? `Publish this post on ${record.channel} ${data.pause ? 'as soon as the channel is resumed' : 'now'}?`
        : undefined;
    forms.push(html`<form method="post" action="/posts/${id}/send-now"${confirm ? html` data-confirm="${confirm}"` : ''}>${csrfField(ctx)}<button type="submit" class="secondary">Send now</button>
<p class="hint">${sendNowHint(record, zone, data.pause !== undefined)}</p></form>`);
    const local = DateTime.fromISO(record.plannedAt, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
    forms.push(html`<form method="post" action="/posts/${id}/reschedule" class="stack">${csrfField(ctx)}
<p><label for="at">New time (${zone})</label><input id="at" name="at" type="datetime-local" value="${local}" required></p>
<button type="submit">Reschedule</button></form>`);
  }
  if (actions.cancel && can(role, 'edit'))
    forms.push(
      html`<form method="post" action="/posts/${id}/cancel" data-confirm="Cancel this post? It will not go out.">${csrfField(ctx)}<button type="submit" class="danger">Cancel post</button></form>`,
    );
  if (!forms.length) {
    const why = Object.values(actions).some(Boolean)
      ? `Your role (${role}) cannot act on this post.`
      : `Nothing to do: the post is ${record.state}.`;
    return html`<p>${why}</p>`;
  }
  return html`${forms}`;
}

/** What saving the text of a failed or missed post does not do: send it (a retry does). */
function settledHint(state: PostState, role: NonNullable<PageContext['user']>['role']): string {
  if (state !== 'failed' && state !== 'missed') return '';
  return ` The post stays ${state} until ${can(role, 'approve') ? 'you retry it' : 'an approver retries it'}.`;
}

/** What a channel's pause means for this post, and who lifts it: an admin, on Health. */
function pausedWhat(role: NonNullable<PageContext['user']>['role']): SafeHtml {
  const who = can(role, 'admin')
    ? html`you resume it on <a href="/health#h-channels">Health</a>`
    : html`an admin resumes it (<a href="/health#h-channels">Health</a>)`;
  return html`Nothing goes out on it, this post included, until ${who}; then a post whose time has passed goes out at once, or is marked missed past the grace period.`;
}

/** When "Send now" sends the post: at once, or as soon as what holds it ends. */
function sendNowHint(record: PostRecord, zone: string, paused: boolean): string {
  const planned = localDateTime(record.plannedAt, zone);
  const when = goesOutWhen(record, paused);
  return when === 'now'
    ? `It goes out at once instead of at ${planned}.`
    : `Instead of at ${planned}, it goes out ${when}.`;
}

/** When a post due now goes out: "now", or "as soon as" what holds it ends (its approval, a pause). */
export function goesOutWhen(record: PostRecord, paused: boolean): string {
  const after = [
    ...(record.state === 'scheduled' ? [] : ['it is approved']),
    ...(paused ? [`${record.channel} is resumed`] : []),
  ];
  return after.length ? `as soon as ${after.join(' and ')}` : 'now';
}

/** A post on a paused channel waits, whatever its time says: said after its time. */
export function whilePaused(record: PostRecord, paused: boolean): string {
  return paused ? ` While ${record.channel} is paused it waits.` : '';
}
