import { basename, relative, resolve, sep } from 'node:path';
import { capitalised } from '../../src/capitalised.ts';
import { type Config, LANGUAGES, type WebRole } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { languageName } from '../../src/language-name.ts';
import { describeItemIssue } from '../../src/news/item-issue.ts';
import type { Rejection } from '../../src/news/load-sources.ts';
import { itemLanguages, NEWS_KINDS } from '../../src/news/news-item.ts';
import type { Skeleton } from '../../src/news/news-skeleton.ts';
import { withLine } from '../../src/news/rejection.ts';
import { channelZone, channelZoneById } from '../../src/planning/channel-schedule.ts';
import { describeSkip } from '../../src/planning/plan.ts';
import type { PlannedPost } from '../../src/posts/post.ts';
import { postCard } from '../../src/preview/post-card.ts';
import { postCardHtml } from '../../src/preview/post-card-html.ts';
import { html, type SafeHtml } from '../../src/preview/safe-html.ts';
import type { ChannelPause } from '../../src/publishing/channel-state.ts';
import type { IntakeResult } from '../../src/publishing/news-intake.ts';
import { postActionWords } from '../../src/publishing/post-action-words.ts';
import { can } from '../auth/roles.ts';
import type { NewsCheck } from '../news-check.ts';
import { UPLOAD_FORMATS } from '../news-check.ts';
import type { NewsDraft } from '../news-drafts.ts';
import { NEWS_IMAGES_PATH } from '../web-paths.ts';
import { localDateTime, postIdHtml, stateBadge } from './format.ts';
import { csrfField, type PageContext, page } from './layout.ts';
import { pauseNotice } from './pause-notice.ts';

/** A started item shows whole up to this many lines (the textarea scrolls after). */
const SKELETON_ROWS = 40;

const PASTE_FORMATS: ReadonlyArray<[string, string]> = [
  ['.md', 'Markdown with front matter'],
  ['.json', 'JSON'],
  ['.csv', 'CSV'],
];

/** The news page: the upload form, and after a check its problems and previews. */
export function newsPage(
  ctx: PageContext,
  config: Config,
  options: {
    draft?: NewsDraft;
    check?: NewsCheck;
    skeleton?: Skeleton;
    /** The start form's link again, in the zone the skeleton suggests for the event. */
    startAgain?: string;
  } = {},
): string {
  const { draft, check, skeleton } = options;
  const pasteFormat = draft ? (Object.keys(UPLOAD_FORMATS).find((e) => draft.name.endsWith(e)) ?? '.md') : '.md';
  // A started item is named as `new` would name its file, so its check and its problems say so.
  const name = draft?.name ?? (skeleton ? basename(skeleton.file) : undefined);
  const body = html`<h1>News</h1>
<p class="lead">Upload or paste a news item (${Object.values(UPLOAD_FORMATS)
    .filter((v, i, all) => all.indexOf(v) === i)
    .join(
      ', ',
    )}). It is checked exactly as <code>secon-bot ingest</code> checks it, and every post it would produce is shown in every language before anything is scheduled. Local images are read from the news folder (<code>${config.web.newsDir}</code>).</p>
${check ? checkHtml(ctx, config, draft!, check) : ''}
${check || skeleton || !can(ctx.user?.role ?? 'viewer', 'edit') ? '' : startForm(config)}
<section aria-labelledby="upload-title">
<h2 id="upload-title">${check ? 'Check again' : 'Check a news item'}</h2>
${skeleton ? html`<p role="status" class="notice">A blank ${skeleton.kind} in ${[skeleton.language, ...skeleton.translations].map(languageName).join(', ')}, dated from today: fill in every <code>""</code> in the text below, then check it.</p>${skeleton.notes.map((note) => html`<p class="notice">${capitalised(note)}.${options.startAgain && skeleton.suggestedZone ? html` <a href="${options.startAgain}">Start again in ${skeleton.suggestedZone}</a>` : ''}</p>`)}` : ''}
<form method="post" action="/news/check" enctype="multipart/form-data" class="stack">
${csrfField(ctx)}
<p><label for="news-file">News file</label><input id="news-file" name="file" type="file" accept="${Object.keys(UPLOAD_FORMATS).join(',')}" aria-describedby="news-file-hint"> <span id="news-file-hint" class="hint">A file wins over pasted text.</span></p>
<p><label for="news-text">Or paste the text</label><textarea id="news-text" name="text" rows="${skeleton ? Math.min(SKELETON_ROWS, skeleton.text.split('\n').length) : 14}" spellcheck="false">${draft?.text ?? skeleton?.text ?? ''}</textarea></p>
<p><label for="news-format">Format of the pasted text</label><select id="news-format" name="format">${PASTE_FORMATS.map(
    ([value, label]) => html`<option value="${value}"${value === pasteFormat ? html` selected` : ''}>${label}</option>`,
  )}</select></p>
${name ? html`<input type="hidden" name="name" value="${name}">` : ''}
<p><button type="submit">Check and preview</button></p>
</form>
</section>`;
  return page(ctx, { title: 'News', body });
}

/**
 * "Start a news item": the form `secon-bot new` writes (every field with what it is for, dated from
 * today), in the language chosen, with a section per translation ticked. A GET: it changes nothing.
 */
function startForm(config: Config): SafeHtml {
  const named = LANGUAGES.map((code) => [code, languageName(code)] as const);
  return html`<section aria-labelledby="start-title">
<h2 id="start-title">Start a news item</h2>
<p class="hint">A news item to fill in: every field, with what it is for, dated from today.</p>
<form method="get" action="/news" class="filters" aria-label="Start a news item">
<p><label for="start-kind">Kind</label><select id="start-kind" name="start">${NEWS_KINDS.map(
    (kind) => html`<option value="${kind}">${kind}</option>`,
  )}</select></p>
<p><label for="start-language">Written in</label><select id="start-language" name="language">${named.map(
    ([code, label]) =>
      html`<option value="${code}"${code === config.project.defaultLanguage ? html` selected` : ''}>${label}</option>`,
  )}</select></p>
<p><label for="start-title-text">Headline <span class="hint">(optional: the id is made from it)</span></label><input id="start-title-text" name="title" size="40" maxlength="200"></p>
<p><label for="start-location">Where <span class="hint">(optional: the event's town and country)</span></label><input id="start-location" name="location" size="24" maxlength="200"></p>
<p><label for="start-day">Event day <span class="hint">(optional: else 14 days ahead, a recap 2 days back)</span></label><input id="start-day" name="day" type="date"></p>
<p><label for="start-time">Starts at <span class="hint">(optional: else 10:00)</span></label><input id="start-time" name="time" type="time"></p>
<p><label for="start-timezone">Event time zone <span class="hint">(where it takes place)</span></label><input id="start-timezone" name="timezone" list="start-zones" size="20" maxlength="64" placeholder="${config.project.timezone}" autocomplete="off" spellcheck="false"><datalist id="start-zones">${eventZones(
    config,
  ).map((zone) => html`<option value="${zone}"></option>`)}</datalist></p>
<fieldset class="wide languages"><legend>Translations</legend>${named.map(
    ([code, label]) => html`<label><input type="checkbox" name="translations" value="${code}"> ${label}</label>`,
  )}</fieldset>
<p class="actions"><button type="submit">Start</button></p>
</form>
</section>`;
}

/**
 * The zones offered for an event: the project's, then Europe's (where the partner regions are);
 * any other IANA name can be typed.
 */
function eventZones(config: Config): string[] {
  const europe = Intl.supportedValuesOf('timeZone').filter((zone) => zone.startsWith('Europe/'));
  return [...new Set([config.project.timezone, ...europe])];
}

function checkHtml(ctx: PageContext, config: Config, draft: NewsDraft, check: NewsCheck): SafeHtml {
  const planned = check.results.filter((r) => r.status === 'planned');
  const role = ctx.user?.role ?? 'viewer';
  const mayEdit = can(role, 'edit');
  return html`<section aria-labelledby="check-title" class="check">
<h2 id="check-title">Checked ${draft.name}</h2>
<p role="status">${counted(planned.length, 'item', 'items')} accepted, ${check.rejected.length} rejected.</p>
${check.rejected.length ? problemsHtml(check.rejected) : ''}
${planned.map((result) => itemHtml(config, check, result))}
${
  planned.length
    ? mayEdit
      ? html`<form method="post" action="/news/schedule" class="schedule-form">${csrfField(ctx)}<input type="hidden" name="draft" value="${draft.id}">
${approvalChoice(role)}
<p><button type="submit">Schedule ${counted(planned.length, 'item', 'items')}</button>${check.rejected.length ? html` <span class="hint">The rejected ones are not scheduled; fix them and check again.</span>` : ''}</p></form>`
      : html`<p>Your role cannot schedule news.</p>`
    : ''
}
</section>`;
}

/** An approver may hold the posts for a colleague; anyone else's posts always wait for approval (news-routes.ts). */
function approvalChoice(role: WebRole): SafeHtml {
  return can(role, 'approve')
    ? html`<p><label><input name="hold" type="checkbox" value="on"> Hold every post for approval</label></p>`
    : html`<p class="hint">Your role cannot approve: every post will wait for an approver on the <a href="/approvals">Approvals</a> page.</p>`;
}

/** The problems, as `ingest` reports them: source (with line), item, field, what was expected. */
function problemsHtml(rejected: Rejection[]): SafeHtml {
  const rows = rejected.flatMap((r) =>
    r.issues?.length
      ? r.issues.map((issue) => ({
          source: issue.line === undefined ? r.source : withLine(r.origin ?? r.source, issue.line),
          id: r.id,
          line: issue.line,
          field: issue.field,
          message: issue.message,
        }))
      : [{ source: r.source, id: r.id, line: undefined, field: r.field, message: r.message }],
  );
  return html`<div class="problems" role="alert">
<h3>Problems</h3>
<div class="table-wrap"><table>
<caption class="visually-hidden">Why items were rejected</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Item</th><th scope="col">Line</th><th scope="col">Field</th><th scope="col">What is wrong</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr class="problem"><td>${r.source}</td><td>${r.id ?? ''}</td><td>${r.line ?? ''}</td><td><code>${r.field ?? ''}</code></td><td>${r.message}</td></tr>`,
  )}</tbody></table></div></div>`;
}

function itemHtml(config: Config, check: NewsCheck, result: IntakeResult): SafeHtml {
  const loaded = check.items.find((i) => i.item.id === result.newsId);
  const posts = result.plan?.posts ?? [];
  // The item's own language first, then its translations, as it was written (the plan lists an
  // English-only channel's posts first, which put a Greek item's Greek posts after its English ones).
  const planned = new Set(posts.map((p) => p.language));
  const written = loaded ? itemLanguages(loaded.item).filter((l) => planned.has(l)) : [];
  const languages = [...new Set([...written, ...planned])];
  const skipped = result.plan?.skipped ?? [];
  return html`<section class="item-preview" aria-labelledby="item-${result.newsId}">
<h3 id="item-${result.newsId}">${result.newsId} <span class="sub">${loaded?.item.kind ?? ''} · written in ${loaded ? itemLanguages(loaded.item).join(', ') : ''} · ${counted(posts.length, 'post', 'posts')}</span></h3>
${loaded?.warnings?.length ? html`<ul class="warning-list" aria-label="Warnings">${loaded.warnings.map((w) => html`<li>${describeItemIssue(w)}</li>`)}</ul>` : ''}
${skipped.length ? html`<ul class="skipped">${skipped.map((s) => html`<li>${capitalised(describeSkip(s))}</li>`)}</ul>` : ''}
<div class="side-by-side">${languages.map(
    (language) =>
      html`<section class="lang-col" aria-label="${languageName(language)}"><h4>${languageName(language)}</h4>${posts
        .filter((p) => p.language === language)
        .map((post) => previewCard(config, post))}</section>`,
  )}</div>
</section>`;
}

function previewCard(config: Config, post: PlannedPost): SafeHtml {
  const channel = config.channels.find((c) => c.id === post.channel)!;
  const card = postCard({
    rendered: post.rendered,
    channel,
    plannedAt: post.plannedAt,
    zone: channelZone(config, channel),
    language: post.language,
    kind: post.kind,
    postId: post.postId,
    state: post.state,
  });
  const newsDir = resolve(config.web.newsDir);
  return postCardHtml(card, {
    headingLevel: 4,
    // Images of the news folder are served for the preview; others show their alt text.
    imageHref: (image) =>
      image.src.startsWith(`${newsDir}${sep}`)
        ? `${NEWS_IMAGES_PATH}/${relative(newsDir, image.src).split(sep).map(encodeURIComponent).join('/')}`
        : undefined,
    footer: html`<p class="pc-foot" lang="en">${post.kind} · ${stateBadge(post.state)} · ${post.channel}</p>`,
  });
}

/** After scheduling: what happened to each item and post, as `ingest` reports it. */
export function scheduledPage(
  ctx: PageContext,
  config: Config,
  results: IntakeResult[],
  rejected: Rejection[],
  paused: ChannelPause[] = [],
): string {
  const posts = results.flatMap((r) => r.posts);
  const waiting = posts.filter((p) => p.state === 'awaiting-approval').length;
  const body = html`<h1>Scheduled</h1>
<p role="status">${counted(results.filter((r) => r.status === 'scheduled').length, 'item', 'items')} scheduled, ${results.filter((r) => r.status === 'unchanged').length} unchanged, ${rejected.length} rejected.${waiting ? html` ${counted(waiting, 'post waits', 'posts wait')} for approval: nothing of them goes out until an approver approves it on the <a href="/approvals">Approvals</a> page.` : ''}</p>
${paused
  .filter((pause) => posts.some((p) => p.channel === pause.channel))
  .map((pause) => pauseNotice(config, pause, 'Its posts below wait until it is resumed, whatever their time says.'))}
${rejected.length ? problemsHtml(rejected) : ''}
${results
  .filter((r) => r.status !== 'rejected')
  .map(
    (
      r,
    ) => html`<section aria-labelledby="s-${r.newsId}"><h2 id="s-${r.newsId}">${r.newsId} <span class="sub">${r.status}</span></h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Post</th><th scope="col">Goes out</th><th scope="col">State</th><th scope="col">What happened</th></tr></thead>
<tbody>${r.posts.map(
      (p) =>
        html`<tr><td><a href="/posts/${encodeURIComponent(p.postId)}" class="post-id">${postIdHtml(p.postId)}</a></td><td>${localDateTime(p.plannedAt, channelZoneById(config, p.channel))}</td><td>${stateBadge(p.state)}</td><td>${postActionWords(p)}</td></tr>`,
    )}</tbody></table></div></section>`,
  )}
<p><a href="/calendar">Back to the calendar</a> · <a href="/news">Check more news</a></p>`;
  return page(ctx, { title: 'Scheduled', body });
}
