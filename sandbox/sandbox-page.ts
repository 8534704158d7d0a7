import type { Config, Platform } from '../src/config/config-schema.ts';
import { counted } from '../src/counted.ts';
import { PLATFORM_LIMITS } from '../src/platforms/platform-limits.ts';
import type { RenderedPost } from '../src/posts/post.ts';
import { type PostCard, postCard } from '../src/preview/post-card.ts';
import { POST_CARD_CSS, postCardHtml } from '../src/preview/post-card-html.ts';
import { html, type SafeHtml, trusted } from '../src/preview/safe-html.ts';
import type { SandboxPost } from './sandbox-types.ts';

/** A channel as the pages name it: which account, under what name. */
export interface PageChannel {
  platform: Platform;
  /** As in the configuration: X handle, LinkedIn organisation URN, Facebook page id. */
  account: string;
  name: string;
}

/** How a sandbox page shows its posts: the accounts' names and the time zone of the times. */
export interface SandboxPageSettings {
  /** IANA zone the times are shown in. Default: the machine's zone. */
  zone?: string;
  /** The configured channels, so a card shows the account's name, not its number. Default none. */
  channels?: ReadonlyArray<PageChannel>;
}

/** The page settings a configuration gives: its channels' names, the project's time zone. */
export function pageSettings(config: Config): SandboxPageSettings {
  return {
    zone: config.project.timezone,
    channels: config.channels.map((c) => ({ platform: c.platform, account: c.account, name: c.name ?? c.account })),
  };
}

/** What each page looks like: its title, its logo and the words under a post. */
const LOOKS: Record<Platform, { title: string; logo: string; actions: string[] }> = {
  twitter: { title: 'X', logo: '𝕏', actions: ['💬 Reply', '🔁 Repost', '♡ Like', '📊 Views'] },
  linkedin: { title: 'LinkedIn', logo: 'in', actions: ['👍 Like', '💬 Comment', '🔁 Repost', '➤ Send'] },
  facebook: { title: 'Facebook', logo: 'facebook', actions: ['👍 Like', '💬 Comment', '↗ Share'] },
};

/** Who posted, when nothing in the settings names the account. */
const FALLBACK_NAMES: Record<Platform, (author: string) => PageChannel> = {
  twitter: (author) => ({ platform: 'twitter', account: author, name: 'X account' }),
  linkedin: (author) => ({ platform: 'linkedin', account: author, name: 'LinkedIn page' }),
  facebook: (author) => ({ platform: 'facebook', account: author, name: 'Facebook page' }),
};

/**
 * The sandbox's home page: every stored post as its platform shows it, newest first — drawn by
 * the shared post card (src/preview/), the same card as the review desk and `secon-bot preview`,
 * in the platform's colours. X thread parts are joined into one card.
 */
export function renderSandboxPage(
  platform: Platform,
  posts: SandboxPost[],
  settings: SandboxPageSettings = {},
): string {
  const zone = settings.zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const look = LOOKS[platform];
  const cards = groupThreads(posts)
    .reverse()
    .map((thread) => {
      const card = sandboxCard(platform, thread, settings, zone);
      return postCardHtml(card, {
        headingLevel: 2,
        imageHref: (_image, index) => `_sandbox/media/${encodeURIComponent(thread[0]!.media[index]?.id ?? '')}`,
        footer: footer(look.actions, thread),
      });
    });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${look.title} · secon-bot sandbox</title><meta http-equiv="refresh" content="10">
<style>${POST_CARD_CSS}${PAGE_CSS}${PLATFORM_CSS[platform]}</style></head>
<body class="sb sb-${platform}">${html`<header class="sb-top"><span class="sb-logo" aria-hidden="true">${look.logo}</span><h1>${look.title} <span class="sb-badge">sandbox</span></h1>
<p class="sb-note">${counted(posts.length, 'post', 'posts')} as ${look.title} would show them · times in ${zone} · <a href="_sandbox/posts">JSON</a> · refreshes every 10 s</p></header>
<main class="sb-feed">${cards.length ? cards : html`<p class="sb-empty">Nothing posted yet.</p>`}</main>`}</body></html>`;
}

/** X threads: each post with the replies that continue it, in order; other posts stand alone. */
export function groupThreads(posts: SandboxPost[]): SandboxPost[][] {
  const byId = new Map(posts.map((p) => [p.id, p]));
  const next = new Map<string, SandboxPost>();
  for (const post of posts) if (post.replyTo && byId.has(post.replyTo)) next.set(post.replyTo, post);
  const threads: SandboxPost[][] = [];
  for (const post of posts) {
    if (post.replyTo && byId.has(post.replyTo)) continue;
    const thread = [post];
    for (let part = next.get(post.id); part; part = next.get(part.id)) thread.push(part);
    threads.push(thread);
  }
  return threads;
}

/** The channel whose account posted: by the account itself, else the one channel of the platform. */
function channelOf(platform: Platform, author: string, settings: SandboxPageSettings): PageChannel {
  const mine = (settings.channels ?? []).filter((c) => c.platform === platform);
  return (
    mine.find((c) => c.account === author || c.account.replace(/^@/, '') === author) ??
    (mine.length === 1 ? mine[0]! : FALLBACK_NAMES[platform](author))
  );
}

/** A stored post (or X thread) as the card model reads it: what the platform received. */
function sandboxCard(platform: Platform, thread: SandboxPost[], settings: SandboxPageSettings, zone: string): PostCard {
  const first = thread[0]!;
  const channel = channelOf(platform, first.author, settings);
  const limit = PLATFORM_LIMITS[platform].maxTextLength;
  const rendered: RenderedPost = {
    text: first.text,
    ...(thread.length > 1 ? { thread: thread.map((p) => p.text) } : {}),
    ...(first.link ? { link: first.link } : {}),
    ...linkCard(first),
    images: first.media.map((m) => ({ src: m.id, alt: m.altText ?? '' })),
    metrics: { length: first.text.length, limit },
    warnings: [],
  };
  return postCard({
    rendered,
    channel: { id: channel.account, platform, account: channel.account, name: channel.name },
    plannedAt: first.createdAt,
    zone,
    language: 'und',
    // The platform is not told the post's kind, and the card does not show it.
    kind: 'news',
  });
}

/** LinkedIn's article as sent; Facebook builds its card from the link (the sandbox fetches nothing). */
function linkCard(post: SandboxPost): Pick<RenderedPost, 'article'> {
  if (post.article)
    return {
      article: {
        source: post.article.source,
        title: post.article.title ?? post.article.source,
        description: post.article.description ?? '',
      },
    };
  if (post.platform === 'facebook' && post.link) {
    const url = new URL(post.link);
    return {
      article: { source: post.link, title: `${url.hostname}${url.pathname.replace(/\/$/, '')}`, description: '' },
    };
  }
  return {};
}

/** Under each post: the platform's actions (for the look), the platform's id and link, and what the sandbox noticed. */
function footer(actions: string[], thread: SandboxPost[]): SafeHtml {
  const first = thread[0]!;
  const cuts = thread.filter((p) => p.cutAt !== undefined);
  return html`<div class="sb-actions" aria-hidden="true">${actions.map((a) => html`<span>${a}</span>`)}</div>
${cuts.map((p) => html`<p class="sb-cut">Cut silently at character ${p.cutAt!} (an unescaped reserved character): ${(p.receivedText?.length ?? 0) - p.cutAt!} characters lost.</p>`)}
<p class="sb-meta">${thread.length > 1 ? `${thread.length} posts in a thread · ` : ''}id ${first.id} · <a href="${first.url}">${first.url}</a></p>`;
}

/** What every sandbox page shares: a top bar, one column of cards. */
const PAGE_CSS = trusted(`
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:15px}
.sb-top{position:sticky;top:0;z-index:1;display:flex;flex-wrap:wrap;align-items:center;gap:.2rem .8rem;padding:.6rem 1rem;background:#fff;border-bottom:1px solid #dadde1}
.sb-top h1{font-size:1.15rem;margin:0}.sb-note{flex-basis:100%;margin:0;font-size:.8rem;color:#536471}
.sb-badge{font-size:.7rem;font-weight:600;text-transform:uppercase;letter-spacing:.05em;padding:.1rem .4rem;border-radius:4px;background:#ffe8a3;color:#5c4400;vertical-align:middle}
.sb-feed{max-width:38rem;margin:1rem auto;padding:0 .5rem}.sb-empty{text-align:center;color:#536471}
.sb-feed .post-card{max-width:none}
.pc-count{display:none}
.pc-image{position:relative}.pc-image figcaption{display:none;position:absolute;left:.4rem;right:.4rem;bottom:.4rem;background:rgba(0,0,0,.78);color:#fff;padding:.3rem .5rem;border-radius:6px}
.pc-image:hover figcaption,.pc-image:focus-within figcaption{display:block}
.pc-images{grid-template-columns:1fr}
.sb-actions{display:flex;justify-content:space-between;margin-top:.6rem;padding-top:.5rem;border-top:1px solid #e4e6eb;color:#536471;font-size:.85rem}
.sb-meta{margin:.5rem 0 0;font-size:.72rem;color:#8a8d91;overflow-wrap:anywhere}.sb-meta a{color:inherit}
.sb-cut{background:#fde2e1;border-left:4px solid #d93025;padding:.4rem .6rem;margin:.6rem 0 0;font-size:.85rem}`);

/** Each platform's colours and shapes. */
const PLATFORM_CSS: Record<Platform, SafeHtml> = {
  twitter: trusted(`
body.sb-twitter{background:#fff;color:#0f1419}
.sb-twitter .sb-logo{font-size:1.6rem;font-weight:700}
.sb-twitter .sb-feed{margin-top:0;padding:0;border-left:1px solid #eff3f4;border-right:1px solid #eff3f4;min-height:100vh}
.sb-twitter .post-card{border:0;border-bottom:1px solid #eff3f4;border-radius:0;margin:0;padding:.8rem 1rem}
.sb-twitter .pc-head{align-items:flex-start}.sb-twitter .pc-avatar{background:#0f1419}
.sb-twitter .pc-who h2{display:inline;font-size:15px}.sb-twitter .pc-meta{display:inline;margin-left:.3rem;color:#536471}
.sb-twitter .pc-platform{display:none}
.sb-twitter .pc-tag,.sb-twitter .pc-mention,.sb-twitter .pc-url{color:#1d9bf0;font-weight:400;text-decoration:none}
.sb-twitter .pc-part+.pc-part{border-top:0;margin-top:0;padding:.6rem 0 0 1.2rem;border-left:2px solid #cfd9de}
.sb-twitter .pc-part-head{color:#536471}
.sb-twitter .pc-image img{border-radius:16px;border:1px solid #cfd9de}
.sb-twitter .sb-actions{border-top:0;max-width:26rem}`),
  linkedin: trusted(`
body.sb-linkedin{background:#f4f2ee;color:rgba(0,0,0,.9)}
.sb-linkedin .sb-logo{display:inline-flex;align-items:center;justify-content:center;width:2rem;height:2rem;border-radius:4px;background:#0a66c2;color:#fff;font-weight:700;font-size:1.2rem}
.sb-linkedin .post-card{border:0;border-radius:8px;box-shadow:0 0 0 1px rgba(0,0,0,.08);padding:.8rem 1rem}
.sb-linkedin .pc-avatar{border-radius:4px;background:#0a66c2;width:3rem;height:3rem}
.sb-linkedin .pc-meta{display:block;font-size:.75rem;color:rgba(0,0,0,.6)}.sb-linkedin .pc-platform::after{content:" · Company page"}
.sb-linkedin .pc-tag,.sb-linkedin .pc-mention,.sb-linkedin .pc-url{color:#0a66c2;font-weight:600;text-decoration:none}
.sb-linkedin .pc-linkcard{border:0;border-radius:0;background:#eef3f8;margin:.6rem -1rem 0;padding:.6rem 1rem}
.sb-linkedin .pc-linkcard{display:flex;flex-direction:column}.sb-linkedin .pc-title{font-size:.9rem}.sb-linkedin .pc-domain{text-transform:none;order:2}
.sb-linkedin .pc-image img{border-radius:0}
.sb-linkedin .sb-actions{justify-content:space-around;font-weight:600;color:rgba(0,0,0,.6)}`),
  facebook: trusted(`
body.sb-facebook{background:#f0f2f5;color:#050505}
.sb-facebook .sb-logo{color:#0866ff;font-weight:800;font-size:1.7rem;letter-spacing:-.04em}
.sb-facebook .post-card{border:0;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.2);padding:.75rem 1rem}
.sb-facebook .pc-avatar{background:#0866ff}
.sb-facebook .pc-meta{display:block;font-size:0;color:#65676b}.sb-facebook .pc-meta>*{font-size:.8rem}
.sb-facebook .pc-platform{display:none}.sb-facebook .pc-meta abbr{margin-left:.25rem}.sb-facebook .pc-meta::after{content:" · 🌎";font-size:.8rem}
.sb-facebook .pc-tag,.sb-facebook .pc-mention,.sb-facebook .pc-url{color:#385898;font-weight:600;text-decoration:none}
.sb-facebook .pc-linkcard{border:0;border-radius:0;background:#f0f2f5;margin:.6rem -1rem 0;padding:.6rem 1rem;border-top:1px solid #dadde1;border-bottom:1px solid #dadde1}
.sb-facebook .pc-domain{font-size:.75rem;color:#65676b}.sb-facebook .pc-title{font-size:1rem}
.sb-facebook .sb-actions{justify-content:space-around;font-weight:600;color:#65676b}`),
};
