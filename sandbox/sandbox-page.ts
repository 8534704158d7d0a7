import type { Platform } from '../src/config/config-schema.ts';
import { escapeHtml } from './sandbox-http.ts';
import type { SandboxPost } from './sandbox-types.ts';

const TITLES: Record<Platform, string> = {
  twitter: 'X sandbox',
  linkedin: 'LinkedIn sandbox',
  facebook: 'Facebook sandbox',
};

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f3f2ef;margin:0;padding:1.5rem;color:#1d1d1f}
h1{font-size:1.3rem;margin:0 0 .3rem}p.meta{color:#555;margin:0 0 1.2rem}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:1rem 1.2rem;margin:0 auto 1rem;max-width:600px}
.head{display:flex;justify-content:space-between;color:#666;font-size:.85rem;margin-bottom:.5rem}
.text{white-space:pre-wrap;word-wrap:break-word;line-height:1.4}
.cut{background:#fde2e1;border-left:4px solid #d93025;padding:.4rem .6rem;margin-top:.6rem;font-size:.85rem}
.reply{color:#1d9bf0;font-size:.8rem;margin-bottom:.3rem}
.media img{max-width:100%;border-radius:8px;margin-top:.6rem}.alt{font-size:.8rem;color:#555}
.article{border:1px solid #ddd;border-radius:8px;padding:.5rem .7rem;margin-top:.6rem;font-size:.9rem}
a{color:#0a66c2}`;

/** The sandbox's home page: every stored post as a card, newest first, so a person sees what would have gone out. */
export function renderSandboxPage(platform: Platform, posts: SandboxPost[]): string {
  const cards = [...posts].reverse().map(renderCard).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${TITLES[platform]}</title>
<meta http-equiv="refresh" content="10"><style>${STYLE}</style></head><body>
<h1>${TITLES[platform]}</h1><p class="meta">${posts.length} post(s) stored · JSON at <a href="/_sandbox/posts">/_sandbox/posts</a> · refreshes every 10 s</p>
${cards || '<div class="card">Nothing posted yet.</div>'}
</body></html>`;
}

function renderCard(post: SandboxPost): string {
  const media = post.media
    .map(
      (m) =>
        `<div class="media"><img src="/_sandbox/media/${encodeURIComponent(m.id)}" alt="${escapeHtml(m.altText ?? '')}"><div class="alt">alt: ${escapeHtml(m.altText ?? '(none)')}</div></div>`,
    )
    .join('');
  const article = post.article
    ? `<div class="article"><a href="${escapeHtml(post.article.source)}">${escapeHtml(post.article.title ?? post.article.source)}</a><div>${escapeHtml(post.article.description ?? '')}</div></div>`
    : post.link
      ? `<div class="article"><a href="${escapeHtml(post.link)}">${escapeHtml(post.link)}</a></div>`
      : '';
  const cut =
    post.cutAt !== undefined
      ? `<div class="cut">Cut silently at character ${post.cutAt} (unescaped reserved character); ${(post.receivedText?.length ?? 0) - post.cutAt} characters lost.</div>`
      : '';
  return `<div class="card"><div class="head"><span>${escapeHtml(post.author)}</span><span>${escapeHtml(post.createdAt)}</span></div>
${post.replyTo ? `<div class="reply">↳ reply to ${escapeHtml(post.replyTo)}</div>` : ''}<div class="text">${escapeHtml(post.text)}</div>${media}${article}${cut}
<div class="head" style="margin-top:.5rem"><span>${escapeHtml(post.id)}</span><a href="${escapeHtml(post.url)}">public URL</a></div></div>`;
}
