import type { CardImage, CardPart, PostCard, TextToken } from './post-card.ts';
import { type HtmlValue, html, type SafeHtml } from './safe-html.ts';

/** Options of {@link postCardHtml}. */
export interface PostCardHtmlOptions {
  /**
   * Where the page can load image `index` of the card from, or undefined to show only its alt
   * text and source (remote images are not fetched by the page). Default: none.
   */
  imageHref?: (image: CardImage, index: number) => string | undefined;
  /** Markup added at the card's foot (state badges, actions). Default none. */
  footer?: HtmlValue;
  /** Heading level of the account name, so the card fits the page's outline. Default 3. */
  headingLevel?: 2 | 3 | 4;
}

/**
 * A post card as escaped HTML: header (avatar, account, time with zone), the text as the platform
 * shows it (hashtags, mentions and links marked), each thread part with its own counter, the link
 * card, the images with their alt text, and the warnings. Styles: POST_CARD_CSS (no inline styles,
 * so pages can forbid them in their Content Security Policy).
 */
export function postCardHtml(card: PostCard, options: PostCardHtmlOptions = {}): SafeHtml {
  const level = options.headingLevel ?? 3;
  const heading = html`<span class="pc-account">${card.accountName}</span>${card.handle ? html` <span class="pc-handle">${card.handle}</span>` : ''}`;
  return html`<article class="post-card pc-${card.platform}" lang="${card.language}" aria-label="${card.platformLabel} post by ${card.accountName}">
<header class="pc-head"><span class="pc-avatar" aria-hidden="true">${card.avatarInitials}</span>
<div class="pc-who">${level === 2 ? html`<h2>${heading}</h2>` : level === 4 ? html`<h4>${heading}</h4>` : html`<h3>${heading}</h3>`}
<span class="pc-meta" lang="en"><span class="pc-platform">${card.platformLabel}</span> · <time datetime="${card.plannedAt}">${card.localTime}</time> <abbr title="${card.zone}">${card.zoneAbbreviation}</abbr></span></div></header>
${card.parts.map((part) => partHtml(part, card))}
${card.linkCard ? html`<a class="pc-linkcard" href="${safeUrl(card.linkCard.url)}" rel="noopener noreferrer"><span class="pc-domain">${card.linkCard.domain}</span><span class="pc-title">${card.linkCard.title}</span><span class="pc-desc">${card.linkCard.description}</span></a>` : ''}
${card.link ? html`<p class="pc-link" lang="en">Link: <a href="${safeUrl(card.link)}" rel="noopener noreferrer">${card.link}</a></p>` : ''}
${card.images.length ? html`<div class="pc-images">${card.images.map((image, i) => imageHtml(image, options.imageHref?.(image, i)))}</div>` : ''}
${card.hold ? html`<p class="pc-hold" lang="en">Waits for a person: ${card.hold}</p>` : ''}
${card.warnings.length ? html`<ul class="pc-warnings" lang="en" aria-label="Warnings">${card.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
${options.footer ?? ''}
</article>`;
}

function partHtml(part: CardPart, card: PostCard): SafeHtml {
  const counter = html`<span class="pc-count${part.over ? ' pc-over' : ''}" lang="en" title="${card.length.weighted ? 'weighted length (X counts links as 23, some scripts and emoji as 2)' : 'characters'}">${card.length.weighted ? `${part.length}/${part.limit} weighted` : `${part.length} / ${part.limit.toLocaleString('en')} characters`}</span>`;
  return html`<div class="pc-part">${card.thread ? html`<p class="pc-part-head" lang="en">Part ${part.index} of ${card.parts.length}</p>` : ''}<p class="pc-text">${part.tokens.map(tokenHtml)}</p>${counter}</div>`;
}

function tokenHtml(token: TextToken): SafeHtml | string {
  switch (token.kind) {
    case 'text':
      return token.text;
    case 'link':
      return html`<a class="pc-url" href="${safeUrl(token.href)}" rel="noopener noreferrer">${token.text}</a>`;
    case 'hashtag':
      return html`<span class="pc-tag">${token.text}</span>`;
    case 'mention':
      return html`<span class="pc-mention">${token.text}</span>`;
  }
}

function imageHtml(image: CardImage, href: string | undefined): SafeHtml {
  const alt = image.missingAlt ? html`<em>no alt text</em>` : image.alt;
  return html`<figure class="pc-image">${href ? html`<img src="${href}" alt="${image.alt}" title="${image.alt}" loading="lazy">` : html`<span class="pc-noimg" lang="en">image not shown here: ${image.src}</span>`}<figcaption lang="en">Alt text: ${alt}</figcaption></figure>`;
}

/** Only http(s) links become clickable: a `javascript:` or `data:` URL in a news item stays inert. */
export function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

/** The cards' styles: pages serve them as a stylesheet (the review desk) or inline them (the sandbox pages). */
export const POST_CARD_CSS = `
.post-card{background:#fff;color:#1b1b1f;border:1px solid #c9ccd1;border-radius:10px;padding:.9rem 1rem;margin:0 0 1rem;max-width:36rem;overflow-wrap:anywhere}
.pc-head{display:flex;gap:.6rem;align-items:center;margin-bottom:.5rem}
.pc-avatar{flex:none;width:2.4rem;height:2.4rem;border-radius:50%;display:flex;align-items:center;justify-content:center;font-weight:700;color:#fff;background:#3b4a5a}
.pc-linkedin .pc-avatar{border-radius:6px;background:#0a4f99}.pc-facebook .pc-avatar{background:#1459c7}.pc-twitter .pc-avatar{background:#1b1b1f}
.pc-who h2,.pc-who h3,.pc-who h4{font-size:1rem;margin:0;line-height:1.25}
.pc-handle,.pc-meta{color:#4d5562;font-weight:400;font-size:.875rem}
.pc-text{white-space:pre-wrap;margin:.25rem 0;line-height:1.45}
.pc-url,.pc-linkcard{color:#0b57b5}
.pc-tag,.pc-mention{color:#0b57b5;font-weight:600}
.pc-part+.pc-part{border-top:1px dashed #c9ccd1;padding-top:.5rem;margin-top:.5rem}
.pc-part-head{font-size:.8rem;color:#4d5562;margin:0}
.pc-count{display:inline-block;font-size:.8rem;color:#1f5e2c;background:#e6f2e8;border-radius:4px;padding:0 .35rem}
.pc-count.pc-over{color:#8a1c12;background:#fbe4e1}
.pc-linkcard{display:block;border:1px solid #c9ccd1;border-radius:8px;padding:.5rem .7rem;margin-top:.6rem;text-decoration:none}
.pc-linkcard span{display:block}.pc-domain{font-size:.75rem;color:#4d5562;text-transform:uppercase}
.pc-title{font-weight:700;color:#1b1b1f}.pc-desc{font-size:.875rem;color:#3a404a}
.pc-link{font-size:.875rem}
.pc-images{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;margin-top:.6rem}
.pc-image{margin:0}.pc-image img{width:100%;height:auto;border-radius:6px;display:block}
.pc-noimg{display:block;font-size:.8rem;background:#f1f2f4;padding:.5rem;border-radius:6px}
.pc-image figcaption{font-size:.8rem;color:#3a404a}
.pc-hold{font-size:.85rem;color:#8a1c12;background:#fbe4e1;border-radius:6px;padding:.4rem .6rem;margin:.6rem 0 0}
.pc-warnings{font-size:.85rem;color:#6b4500;background:#fff4d6;border-radius:6px;padding:.4rem .4rem .4rem 1.6rem;margin:.6rem 0 0}
`;
