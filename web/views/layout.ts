import type { WebRole } from '../../src/config/config-schema.ts';
import { type HtmlValue, html, type SafeHtml } from '../../src/preview/safe-html.ts';

/** The person looking at a page. */
export interface DeskUser {
  name: string;
  role: WebRole;
}

/** A message carried to the next page after an action (post, redirect, get). */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
  /** More lines (one per post of a bulk action). */
  details?: string[];
}

/** What every page needs to know about the request. */
export interface PageContext {
  user?: DeskUser;
  /** Token every form that changes something carries. */
  csrf: string;
  /** Path of the page, to mark the current menu entry. */
  path: string;
  projectName: string;
  flash?: Flash;
  /**
   * A live page: the newest log entry when it was read (liveLogPosition in web/desk.ts). Its event stream
   * catches up on what came after, so a change between the reading and the stream is not missed.
   */
  liveSince?: string;
}

/** Options of one page. */
export interface PageOptions {
  title: string;
  body: HtmlValue;
  /** The page's live region refreshes when the publishing log changes. Default false. */
  live?: boolean;
}

const MENU: ReadonlyArray<[string, string]> = [
  ['/calendar', 'Calendar'],
  ['/approvals', 'Approvals'],
  ['/news', 'News'],
  ['/history', 'History'],
  ['/activity', 'Activity'],
  ['/report', 'Report'],
  ['/health', 'Health'],
];

/** The whole page: skip link, header with menu and user, main content, a status region for live updates. */
export function page(ctx: PageContext, options: PageOptions): string {
  const menu = MENU.map(
    ([href, label]) =>
      html`<li><a href="${href}"${ctx.path === href || ctx.path.startsWith(`${href}/`) ? html` aria-current="page"` : ''}>${label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${ctx.projectName} review desk</title>
<link rel="stylesheet" href="/static/desk.css">
<link rel="stylesheet" href="/static/post-card.css">
<script src="/static/desk.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand"><a href="/calendar">${ctx.projectName} review desk</a></p>
${
  ctx.user
    ? html`<nav aria-label="Main"><ul>${menu}</ul></nav>
<form class="who" method="post" action="/logout"><span>${ctx.user.name} <span class="role">(${ctx.user.role})</span></span>${csrfField(ctx)}<button type="submit" class="link">Log out</button></form>`
    : ''
}
</header>
<main id="main" tabindex="-1"${options.live ? html` data-live${ctx.liveSince ? html` data-live-since="${ctx.liveSince}"` : ''}` : ''}>
${ctx.flash ? flashHtml(ctx.flash) : ''}
${options.body}
</main>
<div id="live-status" class="visually-hidden" role="status" aria-live="polite"></div>
</body>
</html>`.value;
}

/** The hidden field every state-changing form carries. */
export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

function flashHtml(flash: Flash): SafeHtml {
  return html`<div class="flash flash-${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}"><p>${flash.text}</p>${
    flash.details?.length ? html`<ul>${flash.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''
  }</div>`;
}

/** A page that only says something (403, 404, 429, errors). */
export function messagePage(ctx: PageContext, title: string, text: string, more: HtmlValue = ''): string {
  return page(ctx, { title, body: html`<h1>${title}</h1><p>${text}</p>${more}` });
}
