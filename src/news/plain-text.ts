import { createRequire } from 'node:module';
import type { compile as compileHtmlToText, HtmlToTextOptions } from 'html-to-text';
import type MarkdownIt from 'markdown-it';
import { MarkupLimitError } from './markup-limit-error.ts';
import { MAX_NESTING_DEPTH } from './news-limits.ts';

/** Deepest HTML element nesting read (a feed's page markup nests a dozen levels; hostile markup thousands). */
const MAX_HTML_DEPTH = 2 * MAX_NESTING_DEPTH;
/** Most children of one HTML element (table rows, paragraphs); tables past it take seconds to lay out. */
const MAX_HTML_CHILDREN = 5_000;
/** Most table rows: html-to-text's table layout grows faster than the rows (16 000 take seconds). */
const MAX_TABLE_ROWS = 2_000;
/** Put where html-to-text stops at a limit, so a cut is seen and refused, never passed on as text. */
const LIMIT_MARK = '\uE000limit\uE000';

/**
 * How HTML becomes the plain text posts are cut from: no hard wrapping (platforms wrap), headings
 * in their own case, links as "text (url)" unless the text is the url, images dropped (images
 * travel separately, with alt text), and no tracking pixels or scripts.
 */
const HTML_TO_TEXT: HtmlToTextOptions = {
  wordwrap: false,
  preserveNewlines: false,
  limits: { maxDepth: MAX_HTML_DEPTH, maxChildNodes: MAX_HTML_CHILDREN, ellipsis: LIMIT_MARK },
  selectors: [
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'a', options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true, noAnchorUrl: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'table', format: 'dataTable' },
  ],
};

const load = createRequire(import.meta.url);
let compiled: ((html: string) => string) | undefined;

/**
 * html-to-text (with its HTML parser, a few hundred KB) loads and compiles on first use, not with
 * this module: most news bodies are plain paragraphs and never need it, and a command that only
 * reads such news (`preview`) starts sooner. compile() once is much faster than convert() per call.
 */
function convert(html: string): string {
  if (!compiled) {
    const { compile } = load('html-to-text') as { compile: typeof compileHtmlToText };
    compiled = compile(HTML_TO_TEXT);
  }
  return compiled(html);
}

const MARKDOWN_MAX_NESTING = 3 * MAX_NESTING_DEPTH;
type MarkdownParser = InstanceType<typeof MarkdownIt>;
let markdownParser: MarkdownParser | undefined;

/**
 * Markdown → HTML. markdown-it because it stays close to linear on hostile input (runs of `_a`,
 * `*`, `[`), where other parsers take quadratic time, and caps nesting instead of recursing
 * without bound. Raw HTML passes through (html-to-text then drops scripts and tags). Loaded on the
 * first Markdown body, not at start: loading it costs a command that reads only JSON, CSV or
 * feeds (or `--help`) a fifth of a second.
 */
function markdown(): MarkdownParser {
  if (!markdownParser) {
    const Parser = load('markdown-it') as typeof MarkdownIt;
    markdownParser = new Parser({ html: true, linkify: false, typographer: false, maxNesting: MARKDOWN_MAX_NESTING });
  }
  return markdownParser;
}

const CONTAINERS = new Set(['blockquote_open', 'bullet_list_open', 'ordered_list_open']);
const CONTAINERS_CLOSE = new Set(['blockquote_close', 'bullet_list_close', 'ordered_list_close']);

/**
 * HTML (a feed's description or content) → clean plain text. Throws MarkupLimitError for elements
 * nested past MAX_HTML_DEPTH or with more than MAX_HTML_CHILDREN children.
 */
export function htmlToPlainText(html: string): string {
  if (countTableRows(html) > MAX_TABLE_ROWS) {
    throw new MarkupLimitError(`tables with more than ${MAX_TABLE_ROWS} rows; expected shorter tables`);
  }
  const text = convert(html);
  if (text.includes(LIMIT_MARK)) {
    throw new MarkupLimitError(
      `HTML nested more than ${MAX_HTML_DEPTH} elements deep, or an element with more than ${MAX_HTML_CHILDREN} ` +
        `children; expected simpler markup`,
    );
  }
  return tidy(text);
}

function countTableRows(html: string): number {
  let rows = 0;
  for (const _ of html.matchAll(/<tr[\s>]/gi)) rows++;
  return rows;
}

/**
 * Anything that could be Markdown syntax or HTML: emphasis, code, headings, links, images, tables,
 * escapes, entities, list items, setext underlines, indented code. Text without any of it is
 * plain paragraphs, and converting it through Markdown and html-to-text would only cost time.
 */
const MARKDOWN_SYNTAX = /[\\`*_#[\]<>!|~&]|^\s*(?:[-+]|\d+[.)])\s|^\s*(?:=+|-+)\s*$|^(?: {4}|\t)/m;

/**
 * Whole lines of HTML comment (up to three spaces in, nothing after the `-->`): Markdown makes each
 * an HTML block, which html-to-text drops.
 */
const COMMENT_LINES = /^ {0,3}<!--(?:(?!-->)[\s\S])*-->[ \t]*$/gm;

/** Markdown (a news file's body) → plain text, through the same HTML rules. Throws MarkupLimitError. */
export function markdownToPlainText(text: string): string {
  if (!text.trim()) return '';
  if (!MARKDOWN_SYNTAX.test(text)) return plainParagraphs(text);
  // A body whose only markup is comment lines (the hint `secon-bot new` writes, left in) needs
  // neither Markdown nor html-to-text: loading them cost a preview some 90 ms for nothing.
  const uncommented = text.replace(COMMENT_LINES, '');
  if (!MARKDOWN_SYNTAX.test(uncommented)) return uncommented.trim() ? plainParagraphs(uncommented) : '';
  return markdownThroughHtml(text);
}

/** The full conversion (exported so tests can hold the fast path to it). */
export function markdownThroughHtml(text: string): string {
  const env = {};
  const md = markdown();
  const tokens = md.parse(text, env);
  // markdown-it stops reading a block nested past maxNesting: refuse rather than lose the rest.
  let depth = 0;
  for (const token of tokens) {
    if (CONTAINERS.has(token.type)) depth++;
    else if (CONTAINERS_CLOSE.has(token.type)) depth--;
    if (depth > MAX_NESTING_DEPTH || token.level >= MARKDOWN_MAX_NESTING - 1) {
      throw new MarkupLimitError(
        `block quotes or lists nested more than ${MAX_NESTING_DEPTH} levels deep; expected at most ` +
          `${MAX_NESTING_DEPTH}`,
      );
    }
  }
  return htmlToPlainText(md.renderer.render(tokens, md.options, env));
}

/** What the full conversion makes of plain paragraphs: soft line breaks become spaces. */
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
