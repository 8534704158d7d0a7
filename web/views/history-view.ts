import type { Config } from '../../src/config/config-schema.ts';
import { PLATFORMS } from '../../src/config/config-schema.ts';
import { languageName } from '../../src/language-name.ts';
import { PLANNED_MARK, shownInstant } from '../../src/log/history-format.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { POST_KINDS, POST_STATES } from '../../src/posts/post.ts';
import { PLATFORM_LABELS, shownText } from '../../src/preview/post-card.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import { queryString } from '../routes/query-params.ts';
import { csvLinks } from './csv-links.ts';
import { channelLanguages, filterSelect } from './filter-select.ts';
import { excerpt, localDateTime, postIdHtml, stateBadge } from './format.ts';
import { type PageContext, page } from './layout.ts';

/** The history filters as given (the same names as `secon-bot history` options). */
export interface HistoryParams {
  channel: string[];
  platform: string[];
  language: string[];
  news: string[];
  state: string[];
  kind: string[];
  since: string;
  until: string;
  order: string;
}

export interface HistoryData {
  params: HistoryParams;
  records: PostRecord[];
  /** Cursor of the next page. */
  next?: string;
  /** This is not the first page. */
  paged: boolean;
  /** Why the filters were refused (the CLI's message). */
  problem?: string;
  /** The fields the refusal is about: marked invalid, pointing at the message. */
  refused?: ReadonlySet<string>;
}

/** The filters as a query string (for paging and export links). */
export function historyQuery(params: HistoryParams, extra: Record<string, string> = {}): string {
  return queryString({ ...params, ...extra });
}

/** The id of the message that says why the filters were refused. */
const PROBLEM_ID = 'h-problem';

export function historyPage(ctx: PageContext, config: Config, data: HistoryData): string {
  const zone = config.project.timezone;
  const { params } = data;
  const languages = channelLanguages(config);
  // A refused field points at the message that says why (aria-invalid, aria-describedby).
  const refusedBy = (name: string) => (data.refused?.has(name) ? PROBLEM_ID : undefined);
  const dateHint = (name: string) => (refusedBy(name) ? `h-dates ${PROBLEM_ID}` : 'h-dates');
  const body = html`<h1>History</h1>
<p class="lead">The publishing log: each post with its latest state, the latest changed first, with links to the live posts. A post that has not gone out yet shows its planned time, marked “planned”. Times in ${zone}.</p>
<form method="get" action="/history" class="filters" aria-label="Filter the history">
${filterSelect(
  'h',
  'channel',
  'Channel',
  params.channel,
  config.channels.map((c) => [c.id, c.id]),
  refusedBy('channel'),
)}
${filterSelect(
  'h',
  'platform',
  'Platform',
  params.platform,
  PLATFORMS.map((p) => [p, PLATFORM_LABELS[p]]),
  refusedBy('platform'),
)}
${filterSelect(
  'h',
  'language',
  'Language',
  params.language,
  languages.map((l) => [l, languageName(l)]),
  refusedBy('language'),
)}
${filterSelect(
  'h',
  'state',
  'State',
  params.state,
  POST_STATES.map((s) => [s, s]),
  refusedBy('state'),
)}
${filterSelect(
  'h',
  'kind',
  'Kind',
  params.kind,
  POST_KINDS.map((k) => [k, k]),
  refusedBy('kind'),
)}
<p><label for="h-news">News item</label><input id="h-news" name="news" value="${params.news.join(',')}" placeholder="news id"></p>
<p><label for="h-since">Since</label><input id="h-since" name="since" value="${params.since}" placeholder="YYYY-MM-DD or 30d" aria-describedby="${dateHint('since')}"${refusedBy('since') ? html` aria-invalid="true"` : ''}></p>
<p><label for="h-until">Until (not included)</label><input id="h-until" name="until" value="${params.until}" placeholder="YYYY-MM-DD" aria-describedby="${dateHint('until')}"${refusedBy('until') ? html` aria-invalid="true"` : ''}></p>
<p><label for="h-order">Order</label><select id="h-order" name="order"><option value="desc"${params.order !== 'asc' ? html` selected` : ''}>Newest first</option><option value="asc"${params.order === 'asc' ? html` selected` : ''}>Oldest first</option></select></p>
<p class="actions"><button type="submit">Apply</button> <a href="/history">Clear</a></p>
<p id="h-dates" class="hint wide">Dates in ${zone} time: a month (2023-11), a day (2023-11-01) or a day and hour (2023-11-13T09:00); or a time before now: 30d (days), 12h (hours), 2w (weeks). Until empty: up to now.</p>
</form>
${
  // Refused filters looked for nothing: no "No posts match", no downloads that would be refused too.
  data.problem
    ? html`<div class="flash flash-error" role="alert" id="${PROBLEM_ID}"><p>${data.problem}</p></div>`
    : results(data, zone)
}`;
  return page(ctx, { title: 'History', body, live: !data.paged });
}

/** The downloads, the matching posts and the pager of filters that were taken. */
function results(data: HistoryData, zone: string): SafeHtml {
  const { params } = data;
  return html`<p class="exports">Download this selection: ${csvLinks((extra) => `/history/export.csv${historyQuery(params, extra)}`)} · <a href="/history/export.ndjson${historyQuery(params)}" download>NDJSON</a></p>
<div${data.paged ? '' : html` data-live-region`}>
${data.records.length ? table(data.records, zone) : emptyHistory(data)}
</div>
<nav class="pager" aria-label="Pages">${data.paged ? html`<a href="/history${historyQuery(params)}">First page</a>` : ''}${data.next ? html` <a href="/history${historyQuery(params, { cursor: data.next })}" rel="next">Next page</a>` : ''}</nav>`;
}

/** No posts: none matched the filters, or (no filters, first page) the log has none at all yet. */
function emptyHistory(data: HistoryData): SafeHtml {
  const { order: _order, ...filters } = data.params;
  const filtered = Object.values(filters).some((value) => value.length > 0);
  return data.paged || filtered
    ? html`<p class="empty">No posts match.</p>`
    : html`<p class="empty">The publishing log is empty: no news item has been scheduled yet.</p>`;
}

/**
 * When the post went out (or failed, or was cancelled), or, while it has not gone out, when it is planned to go out: the
 * time it was last changed (approved, say) read as "scheduled at 03:31" for a post that goes out weeks later.
 */
function whenCell(record: PostRecord, zone: string): SafeHtml {
  const { at, planned } = shownInstant(record);
  const time = html`<time datetime="${at}">${localDateTime(at, zone)}</time>`;
  return planned ? html`<div>${time} <span class="hint">${PLANNED_MARK}</span></div>` : time;
}

/**
 * The posts as a table; on a phone each row stacks (desk.css), a cell a grid of its label and its content. A cell
 * of several parts keeps them in one element: else the state's badge was stretched across the row and "(2 tries)"
 * fell under the label.
 */
function table(records: PostRecord[], zone: string): SafeHtml {
  return html`<div class="table-wrap"><table class="history stacked">
<caption class="visually-hidden">Posts in the publishing log</caption>
<thead><tr><th scope="col">When</th><th scope="col">Post</th><th scope="col">Channel</th><th scope="col">Lang</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Link or error</th><th scope="col">Text</th></tr></thead>
<tbody>${records.map(
    (
      r,
    ) => html`<tr><td data-label="When">${whenCell(r, zone)}</td><td data-label="Post"><a href="/posts/${encodeURIComponent(r.postId)}" class="mono post-id">${postIdHtml(r.postId)}</a></td><td data-label="Channel">${r.channel}</td><td data-label="Lang">${r.language}</td><td data-label="Kind">${r.kind}</td><td data-label="State"><div>${stateBadge(r.state)}${r.attempt > 1 ? ` (${r.attempt} tries)` : ''}</div></td>
<td data-label="Link or error">${r.url ? html`<a href="${r.url}" rel="noopener noreferrer">live post</a>` : r.errorKind ? `${r.errorKind}: ${r.errorMessage ?? ''}` : ''}</td><td data-label="Text" lang="${r.language}">${excerpt(shownText(r.text, r.platform), 90)}</td></tr>`,
  )}</tbody></table></div>`;
}
