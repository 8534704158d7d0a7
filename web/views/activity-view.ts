import type { Config } from '../../src/config/config-schema.ts';
import { type ActivityChange, type ActivityPage, activityChanges } from '../../src/log/log-activity.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import { queryString } from '../routes/query-params.ts';
import { csvLinks } from './csv-links.ts';
import { filterSelect } from './filter-select.ts';
import { actorLink, channelEventBadge, entryDetailHtml, localDateTime, postIdHtml, stateBadge } from './format.ts';
import { type PageContext, page } from './layout.ts';

/** The activity filters as given (the same names as `secon-bot activity` options). */
export interface ActivityParams {
  by: string[];
  news: string[];
  channel: string[];
  since: string;
  until: string;
}

export interface ActivityData {
  params: ActivityParams;
  found: ActivityPage;
  /** This is not the first page. */
  paged: boolean;
  /** Why the filters were refused (the CLI's message). */
  problem?: string;
  /** The fields the refusal is about. */
  refused?: ReadonlySet<string>;
}

/** The id of the message that says why the filters were refused. */
const PROBLEM_ID = 'a-problem';

/** The ways of working a change can be made, as `--by` takes them, for the field's suggestions. */
const WAYS: ReadonlyArray<[string, string]> = [
  ['web', 'on the desk'],
  ['cli', 'in the terminal'],
  ['worker', 'by a worker'],
  ['feed', 'from a feed'],
];

export function activityPage(ctx: PageContext, config: Config, data: ActivityData): string {
  const zone = config.project.timezone;
  const { params } = data;
  const invalid = (name: string) => (data.refused?.has(name) ? html` aria-invalid="true"` : '');
  const described = (name: string, hint: string) => (data.refused?.has(name) ? `${hint} ${PROBLEM_ID}` : hint);
  const body = html`<h1>Activity</h1>
<p class="lead">Every change in the publishing log, newest first, and who made it: what was scheduled, approved, edited, rescheduled, cancelled, published or failed, and which channel was paused or resumed. Times in ${zone}.</p>
<form method="get" action="/activity" class="filters" aria-label="Filter the activity">
<p><label for="a-by">By</label><input id="a-by" name="by" list="a-who" value="${params.by.join(',')}" placeholder="anyone" aria-describedby="${described('by', 'a-by-hint')}"${invalid('by')}></p>
<datalist id="a-who">${config.web.users.map((u) => html`<option value="${u.name}">`)}${WAYS.map(([way, label]) => html`<option value="${way}" label="${label}">`)}</datalist>
<p><label for="a-news">News item</label><input id="a-news" name="news" value="${params.news.join(',')}" placeholder="news id"></p>
${filterSelect(
  'a',
  'channel',
  'Channel',
  params.channel,
  config.channels.map((c) => [c.id, c.id]),
  data.refused?.has('channel') ? PROBLEM_ID : undefined,
)}
<p><label for="a-since">Since</label><input id="a-since" name="since" value="${params.since}" placeholder="YYYY-MM-DD or 1d" aria-describedby="${described('since', 'a-dates')}"${invalid('since')}></p>
<p><label for="a-until">Until (not included)</label><input id="a-until" name="until" value="${params.until}" placeholder="YYYY-MM-DD" aria-describedby="${described('until', 'a-dates')}"${invalid('until')}></p>
<p class="actions"><button type="submit">Apply</button> <a href="/activity">Clear</a></p>
<p id="a-by-hint" class="hint wide">By: a user (maria: what she did here and in the terminal), a way of working (web, cli, worker, feed) or an actor as the log writes it (cli:maria); several comma-separated.</p>
<p id="a-dates" class="hint wide">Dates in ${zone} time: a month (2023-11), a day (2023-11-01) or a day and hour (2023-11-13T09:00); or a time before now: 1d (days), 12h (hours), 2w (weeks).</p>
</form>
${data.problem ? html`<div class="flash flash-error" role="alert" id="${PROBLEM_ID}"><p>${data.problem}</p></div>` : results(data, zone)}`;
  return page(ctx, { title: 'Activity', body, live: !data.paged && !data.problem });
}

function results(data: ActivityData, zone: string): SafeHtml {
  const { found, params } = data;
  const filtered =
    params.by.length > 0 ||
    params.news.length > 0 ||
    params.channel.length > 0 ||
    params.since !== '' ||
    params.until !== '';
  const empty = data.paged || filtered ? 'No changes match.' : 'The publishing log is empty: nothing has happened yet.';
  return html`<p class="exports">Download every change that matches: ${csvLinks((extra) => `/activity/export.csv${queryString({ ...params, ...extra })}`)} · <a href="/activity/export.ndjson${queryString({ ...params })}" download>NDJSON</a></p>
<div${data.paged ? '' : html` data-live-region`}>
${found.entries.length || found.channelEvents.length ? table(found, zone) : html`<p class="empty">${empty}</p>`}
</div>
${found.lookedBackTo ? html`<p class="notice" role="note">Looked through the changes back to ${localDateTime(found.lookedBackTo, zone)} only, to answer quickly; the next page goes on from there.</p>` : ''}
<nav class="pager" aria-label="Pages">${data.paged ? html`<a href="/activity${queryString({ ...params })}">Newest</a>` : ''}${found.next ? html` <a href="/activity${queryString({ ...params, before: found.next })}" rel="next">Older changes</a>` : ''}</nav>`;
}

function table(found: ActivityPage, zone: string): SafeHtml {
  return html`<div class="table-wrap"><table class="history stacked">
<caption class="visually-hidden">Changes in the publishing log</caption>
<thead><tr><th scope="col">When</th><th scope="col">By</th><th scope="col">Post</th><th scope="col">State</th><th scope="col">Detail</th></tr></thead>
<tbody>${activityChanges(found).map((change) => row(change, zone))}</tbody></table></div>`;
}

/** A change's row: a channel's pause or resume names its channel (on the Health page) where a post goes. */
function row(change: ActivityChange, zone: string): SafeHtml {
  if ('channelEvent' in change) {
    const e = change.channelEvent;
    return html`<tr class="channel-change"><td data-label="When"><time datetime="${e.at}">${localDateTime(e.at, zone)}</time></td><td data-label="By">${actorLink(e.by)}</td><td data-label="Channel"><div>channel <a href="/health#h-pauses" class="mono">${e.channel}</a></div></td><td data-label="State"><div>${channelEventBadge(e.kind)}</div></td><td data-label="Detail"><div>${e.reason}</div></td></tr>`;
  }
  const e = change.entry;
  return html`<tr><td data-label="When"><time datetime="${e.at}">${localDateTime(e.at, zone)}</time></td><td data-label="By">${actorLink(e.actor)}</td><td data-label="Post"><a href="/posts/${encodeURIComponent(e.postId)}" class="mono post-id">${postIdHtml(e.postId)}</a></td><td data-label="State"><div>${stateBadge(e.state)}</div></td><td data-label="Detail"><div>${entryDetailHtml(e, zone, 'live post')}</div></td></tr>`;
}
