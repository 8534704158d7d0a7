import { existsSync, type Stats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { Config, FeedConfig } from '../config/config-schema.ts';
import { counted } from '../counted.ts';
import { displayPath } from '../display-path.ts';
import { FetchError } from '../net/fetch-error.ts';
import { decodeUtf8 } from '../net/utf8.ts';
import { Utf8Error } from '../net/utf8-error.ts';
import { DAY_MS } from '../time-units.ts';
import { FeedFormatError } from './feed-format-error.ts';
import type { FeedCandidate } from './feed-parser.ts';
import type { ItemIssue } from './item-issue.ts';
import type { LocalImageCheck } from './local-image.ts';
import { parseMarkdownItem } from './markdown-source.ts';
import type { NewsItem } from './news-item.ts';
import { type Rejection, rejectItem, rejectSource } from './rejection.ts';
import { type Candidate, checkCandidate, type ValidateContext } from './validate-item.ts';

export type { Rejection } from './rejection.ts';

/** Options of {@link loadSources}. */
export interface LoadOptions {
  /** Limits (`ingest.maxBytes`, `timeoutMs`, `allowPrivateNetworks`), default language, channel ids. */
  config: Config;
  /** `published` of a feed item that has no date. Default: the time of the import. */
  now?: Date;
  /** Files read at the same time. Default 8. */
  concurrency?: number;
  /** Shown instead of absolute paths in sources (messages stay short). Default: the working directory. */
  cwd?: string;
  /**
   * Folder that local image paths are relative to, for every file read. Default: each file's own
   * folder. (Pasted news is written to a temporary file; its images live in the news folder.)
   */
  baseDir?: string;
}

/** A valid item and where it came from (file, `file item 2`, `url entry 3 (…)`). */
export interface LoadedItem {
  item: NewsItem;
  source: string;
  /** What validation changed or chose without refusing (a stripped zero-width space, the earlier of two instants). */
  warnings?: ItemIssue[];
  /** The configured feed whose address it was read from (see {@link ConfiguredFeedRead}). */
  feed?: FeedConfig;
}

export interface LoadResult {
  items: LoadedItem[];
  rejected: Rejection[];
  /** The sources that are a configured feed's address, read with that feed's settings. */
  feeds: ConfiguredFeedRead[];
}

/**
 * A feed file or URL that a feed of the configuration polls, read as the worker reads it: with the
 * feed's `language` (which wins over the feed's own), `kind` and `channels`. Read otherwise, a
 * person's `ingest` of it would plan posts in another language than the worker's, under other ids:
 * the same news twice.
 */
export interface ConfiguredFeedRead {
  /** The source as shown in messages. */
  source: string;
  feed: FeedConfig;
  /** Its items dated more than the feed's `maxAgeDays` ago: the worker takes none of them new. */
  older: number;
}

/** File name endings → format. */
export const SOURCE_FORMATS = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
  '.csv': 'csv',
  '.xml': 'feed',
  '.rss': 'feed',
  '.atom': 'feed',
} as const;
type Format = (typeof SOURCE_FORMATS)[keyof typeof SOURCE_FORMATS];

/** Files in a folder that are documentation or drafts, not news: README.md, _draft.md, .hidden. */
const SKIPPED_NAMES = /^(?:[._]|readme\.)/i;
const DEFAULT_CONCURRENCY = 8;

type Source = { kind: 'file'; path: string; format: Format } | { kind: 'url'; url: string };

/**
 * Reads news from files, folders (recursively) and http(s) URLs: Markdown with front matter, JSON,
 * CSV, RSS/Atom. Every item is validated on its own: a bad item is rejected whole with a message
 * naming its source (file and line where possible), the field and what was expected, and the
 * others carry on. Ids used by more than one item in the same import reject all of those items,
 * since either could be the intended one.
 */
export async function loadSources(inputs: string[], options: LoadOptions): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const rejected: Rejection[] = [];
  const sources: Source[] = [];
  for (const input of inputs) {
    const expanded = await expandInput(feedAddress(options.config, input, cwd), cwd);
    if ('rejection' in expanded) rejected.push(expanded.rejection);
    else for (const source of expanded.sources) sources.push(source);
  }

  const parsed = await mapLimit(sources, options.concurrency ?? DEFAULT_CONCURRENCY, (source) =>
    readSource(source, options, cwd),
  );
  const feeds = parsed.flatMap((result) => (result.feed ? [result.feed] : []));
  const { ingest, project } = options.config;
  const context: ValidateContext = {
    knownChannels: new Set(options.config.channels.map((c) => c.id)),
    imageCache: new Map<string, LocalImageCheck>(),
    defaultZone: project.timezone,
    allowPrivateNetworks: ingest.allowPrivateNetworks,
    ...(ingest.mediaRoot ? { mediaRoot: resolve(cwd, ingest.mediaRoot) } : {}),
  };
  const hosts = { allowPrivateNetworks: ingest.allowPrivateNetworks, timeoutMs: ingest.timeoutMs, cache: new Map() };
  const valid: LoadedItem[] = [];
  // Loops, never push(...list): a source can hold hundreds of thousands of entries, past what a call's arguments take.
  for (const result of parsed) {
    for (const rejection of result.rejected) rejected.push(rejection);
    for (const candidate of result.candidates) {
      const validation = await checkCandidate(candidate, context, hosts);
      if (!validation.ok) {
        rejected.push(rejectItem(candidate.source, validation.issues, validation.id));
        continue;
      }
      valid.push({
        item: validation.item,
        source: candidate.source,
        ...(validation.warnings.length ? { warnings: validation.warnings } : {}),
        ...(result.feed ? { feed: result.feed.feed } : {}),
      });
    }
  }
  const { unique, duplicates } = splitDuplicates(valid);
  for (const duplicate of duplicates) rejected.push(duplicate);
  return { items: unique, rejected, feeds };
}

/**
 * A configured feed's id given where a file or URL is expected (`preview riga-news`) stands for
 * that feed's address; a file or folder of that name wins.
 */
function feedAddress(config: Config, input: string, cwd: string): string {
  const feed = config.feeds.find((f) => f.id === input);
  if (!feed || existsSync(resolve(cwd, input))) return input;
  return feed.url;
}

/** One input → the sources it stands for, or why it cannot be read. */
async function expandInput(input: string, cwd: string): Promise<{ sources: Source[] } | { rejection: Rejection }> {
  if (/^https?:\/\//i.test(input)) return { sources: [{ kind: 'url', url: input }] };
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(input)) {
    return { rejection: rejectSource(input, 'unsupported address; expected a file, a folder or an http(s) URL') };
  }
  const path = resolve(cwd, input);
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    return {
      rejection: rejectSource(
        input,
        `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}); expected an existing file or ` +
          `folder`,
      ),
    };
  }
  if (info.isDirectory()) {
    const sources: Source[] = [];
    const others: string[] = [];
    await walk(path, sources, others);
    // A folder with no news in it is a mistake (the wrong folder, plain-text files): said, not an empty success.
    if (!sources.length) return { rejection: rejectSource(input, noNewsInFolder(others)) };
    return { sources };
  }
  const format = formatOf(path);
  if (!format) {
    return {
      rejection: rejectSource(
        input,
        `unsupported file type "${extname(path) || '(none)'}"; expected ${Object.keys(SOURCE_FORMATS).join(', ')}`,
      ),
    };
  }
  return { sources: [{ kind: 'file', path, format }] };
}

/**
 * Every news file under a folder, in a stable (sorted) order, added to `out`; the other files' paths
 * (images beside the news, files of other types) added to `others`.
 */
async function walk(dir: string, out: Source[], others: string[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (SKIPPED_NAMES.test(entry.name) || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out, others);
    else {
      // Other files (images beside the news) are simply not news.
      const format = formatOf(path);
      if (format && entry.isFile()) out.push({ kind: 'file', path, format });
      else others.push(path);
    }
  }
}

/** How many other files a message names before "and N more". */
const OTHERS_NAMED = 3;

/** Why a folder gave no news: what is read, what is not, and what the folder holds instead. */
function noNewsInFolder(others: string[]): string {
  const named = others.slice(0, OTHERS_NAMED).map((path) => basename(path));
  const more = others.length > OTHERS_NAMED ? ` and ${others.length - OTHERS_NAMED} more` : '';
  return (
    `holds no news file; expected ${Object.keys(SOURCE_FORMATS).join(', ')} files (README files and names ` +
    `starting with "_" or "." are not read)${others.length ? `; it has ${counted(others.length, 'other file', 'other files')}: ${named.join(', ')}${more}` : ''}`
  );
}

function formatOf(path: string): Format | undefined {
  return (SOURCE_FORMATS as Record<string, Format>)[extname(path).toLowerCase()];
}

interface Parsed {
  candidates: Candidate[];
  rejected: Rejection[];
  feed?: ConfiguredFeedRead;
}

async function readSource(source: Source, options: LoadOptions, cwd: string): Promise<Parsed> {
  const { maxBytes } = options.config.ingest;
  if (source.kind === 'file') {
    const shown = displayPath(source.path, cwd);
    let bytes: Buffer;
    try {
      // One open file for the size check and the read: no second lookup of the path.
      const handle = await open(source.path, 'r');
      try {
        const { size } = await handle.stat();
        if (size > maxBytes)
          return failed(shown, `the file is ${size} bytes, over the size cap of ${maxBytes} bytes (ingest.maxBytes)`);
        bytes = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (error) {
      return failed(shown, `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    return parseSafely(bytes, shown, () => source.format, source.path, options);
  }
  const { timeoutMs, allowPrivateNetworks } = options.config.ingest;
  try {
    // Loaded here, not above: Node's HTTP, TLS and zlib modules cost a reading of files (preview,
    // ingest of a folder) some 15 ms of start-up it never needs.
    const { safeFetch } = await import('../net/safe-fetch.ts');
    const response = await safeFetch(source.url, { timeoutMs, maxBytes, allowPrivateNetworks });
    if (!response.ok) return failed(source.url, `the server answered HTTP ${response.status}; expected 200 with news`);
    const format = (text: string) => formatOfUrl(source.url, response.contentType, text);
    return parseSafely(response.body, source.url, format, undefined, options);
  } catch (error) {
    if (error instanceof FetchError) return failed(source.url, error.reason);
    throw error;
  }
}

/**
 * Bytes → candidates, and whatever goes wrong is this source's rejection, never the end of the
 * import: bytes that are not UTF-8 (refused with the byte offset, not posted with "�"), and any
 * parser failing on input it was not made for.
 */
async function parseSafely(
  bytes: Uint8Array,
  shown: string,
  formatOfText: (text: string) => Format,
  path: string | undefined,
  options: LoadOptions,
): Promise<Parsed> {
  try {
    const text = decodeUtf8(bytes);
    return await parseText(text, formatOfText(text), shown, path, options);
  } catch (error) {
    if (error instanceof Utf8Error) return failed(shown, error.message, error.line);
    return failed(shown, `cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Parses text of a known format; `path` is the local file (images are relative to it), absent for URLs.
 * The CSV, JSON and feed parsers load on first use: a command reading one Markdown file (`preview`)
 * does not pay for the XML and CSV libraries.
 */
async function parseText(
  text: string,
  format: Format,
  shown: string,
  path: string | undefined,
  options: LoadOptions,
): Promise<Parsed> {
  const baseDir = path === undefined ? undefined : (options.baseDir ?? resolve(path, '..'));
  const withDir = (candidates: Candidate[]): Candidate[] =>
    candidates.map((c) => {
      if (baseDir !== undefined) c.baseDir = baseDir;
      else delete c.baseDir;
      return c;
    });
  switch (format) {
    case 'markdown': {
      const result = parseMarkdownItem(text, shown);
      return 'rejection' in result
        ? { candidates: [], rejected: [result.rejection] }
        : { candidates: withDir([result.candidate]), rejected: [] };
    }
    case 'json':
      return mapCandidates(
        (await import('./json-source.ts')).parseJsonItems(
          text,
          shown,
          baseDir,
          options.config.ingest.maxItemsPerSource,
        ),
        withDir,
      );
    case 'csv':
      return mapCandidates(
        (await import('./csv-source.ts')).parseCsvItems(text, shown, baseDir, options.config.ingest.maxItemsPerSource),
        withDir,
      );
    case 'feed':
      return readFeedText(text, shown, path ?? shown, options);
  }
}

/** The feed of the configuration whose address is `address` (a URL, or a file's absolute path). */
function configuredFeed(config: Config, address: string, cwd: string): FeedConfig | undefined {
  const isUrl = /^https?:\/\//i.test(address);
  return config.feeds.find((feed) =>
    isUrl ? sameUrl(feed.url, address) : !/^[a-z][a-z0-9+.-]+:/i.test(feed.url) && resolve(cwd, feed.url) === address,
  );
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function mapCandidates(parsed: Parsed, fn: (c: Candidate[]) => Candidate[]): Parsed {
  return { candidates: fn(parsed.candidates), rejected: parsed.rejected };
}

/** A feed's items; `address` is its URL or file path, a configured feed's settings apply to it. */
async function readFeedText(text: string, shown: string, address: string, options: LoadOptions): Promise<Parsed> {
  const { datedBefore, parseFeed } = await import('./feed-parser.ts');
  const configured = configuredFeed(options.config, address, options.cwd ?? process.cwd());
  try {
    const feed = parseFeed(text, shown, {
      kind: configured?.kind ?? 'news',
      defaultLanguage: options.config.project.defaultLanguage,
      maxItems: options.config.ingest.maxItemsPerSource,
      ...(configured?.language ? { language: configured.language } : {}),
      ...(configured?.channels ? { channels: configured.channels } : {}),
    });
    const now = options.now ?? new Date();
    const candidates = feed.candidates.map((c: FeedCandidate) => {
      if (c.undated) (c.data as Record<string, unknown>).published = now.toISOString();
      return c;
    });
    if (!configured) return { candidates, rejected: feed.rejected };
    const oldest = now.getTime() - configured.maxAgeDays * DAY_MS;
    const older = candidates.filter((c) => datedBefore(c, oldest)).length;
    return { candidates, rejected: feed.rejected, feed: { source: shown, feed: configured, older } };
  } catch (error) {
    if (error instanceof FeedFormatError) return failed(shown, error.message, error.line);
    throw error;
  }
}

/** A URL's format: by its path's ending, else the content type, else a look at the first bytes. */
function formatOfUrl(url: string, contentType: string | undefined, text: string): Format {
  const byPath = formatOf(new URL(url).pathname);
  if (byPath) return byPath;
  const type = contentType?.toLowerCase() ?? '';
  if (/xml|rss|atom/.test(type)) return 'feed';
  if (type.includes('json')) return 'json';
  if (type.includes('csv')) return 'csv';
  if (type.includes('markdown')) return 'markdown';
  const start = text.trimStart();
  if (start.startsWith('---')) return 'markdown';
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  return 'feed';
}

/** Every item whose id another item in the same import also uses is rejected, naming the others. */
function splitDuplicates(items: LoadedItem[]): { unique: LoadedItem[]; duplicates: Rejection[] } {
  const byId = new Map<string, LoadedItem[]>();
  for (const entry of items) {
    const list = byId.get(entry.item.id);
    if (list) list.push(entry);
    else byId.set(entry.item.id, [entry]);
  }
  const unique: LoadedItem[] = [];
  const duplicates: Rejection[] = [];
  for (const entry of items) {
    const same = byId.get(entry.item.id)!;
    if (same.length === 1) {
      unique.push(entry);
      continue;
    }
    const others = same
      .filter((e) => e !== entry)
      .map((e) => e.source)
      .join(', ');
    duplicates.push(
      rejectItem(
        entry.source,
        [
          {
            field: 'id',
            message:
              `duplicate id "${entry.item.id}", also used by ${others}; expected every item in one import to have ` +
              `its own id`,
          },
        ],
        entry.item.id,
      ),
    );
  }
  return { unique, duplicates };
}

function failed(source: string, message: string, line?: number): Parsed {
  return { candidates: [], rejected: [rejectSource(source, message, line)] };
}

/** Runs `fn` over `items` with at most `limit` at a time, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
