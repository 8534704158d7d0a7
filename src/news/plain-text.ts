import { createRequire } from 'node:module';
import type { HtmlToTextOptions } from 'html-to-text';
import type { Marked } from 'marked';

/**
 * html-to-text and marked (with their HTML parser, a few hundred KB) load on first use, not with
 * this module: most news bodies are plain paragraphs and never need them, and a command that only
 * reads such news (`preview`) starts sooner. Loaded with require, so the functions stay synchronous.
 */
const load = createRequire(import.meta.url);

/**
 * How HTML becomes the plain text posts are cut from: no hard wrapping (platforms wrap), headings
 * in their own case, links as "text (url)" unless the text is the url, images dropped (images
 * travel separately, with alt text), and no tracking pixels or scripts.
 */
const HTML_TO_TEXT: HtmlToTextOptions = {
  wordwrap: false,
  preserveNewlines: false,
  selectors: [
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'a', options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true, noAnchorUrl: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'table', format: 'dataTable' },
  ],
};

// Compiled once, on first use: html-to-text's compile() is much faster than convert() per call,
// and a command that never converts HTML (most news bodies are plain paragraphs) never pays for it.
let convert: ((html: string) => string) | undefined;
let marked: Marked | undefined;

/** HTML (a feed's description or content) → clean plain text. */
export function htmlToPlainText(html: string): string {
  convert ??= (load('html-to-text') as typeof import('html-to-text')).compile(HTML_TO_TEXT);
  return tidy(convert(html));
}

/**
 * Anything that could be Markdown syntax or HTML: emphasis, code, headings, links, images, tables,
 * escapes, entities, list items, setext underlines, indented code. Text without any of it is
 * plain paragraphs, and converting it through marked and html-to-text would only cost time.
 */
const MARKDOWN_SYNTAX = /[\\`*_#[\]<>!|~&]|^\s*(?:[-+]|\d+[.)])\s|^\s*(?:=+|-+)\s*$|^(?: {4}|\t)/m;

/** Markdown (a news file's body) → plain text, through the same HTML rules. */
export function markdownToPlainText(markdown: string): string {
  if (!markdown.trim()) return '';
  if (!MARKDOWN_SYNTAX.test(markdown)) return plainParagraphs(markdown);
  return markdownThroughHtml(markdown);
}

/** The full conversion (exported so tests can hold the fast path to it). */
export function markdownThroughHtml(markdown: string): string {
  marked ??= new (load('marked') as typeof import('marked')).Marked({ async: false, gfm: true });
  return htmlToPlainText(marked.parse(markdown) as string);
}

/** What marked + html-to-text make of plain paragraphs: soft line breaks become spaces. */
function plainParagraphs(text: string): string {
  return text
    .trim()
    .split(/\n[ \t]*\n\s*/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.trim())
        .join(' ')
        .replace(/[ \t]+/g, ' '),
    )
    .join('\n\n');
}

/** True when a string has markup worth converting (feeds mix plain titles and HTML descriptions). */
export function looksLikeHtml(text: string): boolean {
  return /<[a-z!/][^>]*>|&[a-z#0-9]+;/i.test(text);
}

/** Trims lines and collapses runs of blank lines to one. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
