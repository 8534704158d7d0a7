import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { describeIssue, fieldPath, type ItemIssue } from './item-issue.ts';
import { hasUrlScheme, type NewsItem, newsItemSchema } from './news-item.ts';

/** Raw fields of one item as a source format produced them, not yet validated. */
export interface Candidate {
  data: unknown;
  /** Where it came from, as shown to people: a file, or a feed URL plus the item. */
  source: string;
  /** Folder that local image paths are relative to. Absent (a remote source): local paths are refused. */
  baseDir?: string;
  /** Line of a field in the source, for messages (YAML front matter); absent when unknown. */
  lineOf?: (path: ReadonlyArray<PropertyKey>) => number | undefined;
  /** Line of the item as a whole (a CSV row), used when a field has no line of its own. */
  line?: number;
  /** Problems the source format already found (a feed date it could not read); they reject the item. */
  issues?: ItemIssue[];
}

/** What validation checks beyond the schema. */
export interface ValidateContext {
  /** Channel ids in the configuration; an item naming another channel is rejected. Default: not checked. */
  knownChannels?: ReadonlySet<string>;
  /** Cache of local image checks (path → is a readable file), shared across one import. */
  fileCache?: Map<string, boolean>;
}

export type Validation = { ok: true; item: NewsItem } | { ok: false; issues: ItemIssue[]; id?: string };

/**
 * Validates one candidate against the news item schema and what the schema cannot know: that a
 * local image exists (its path is made absolute, relative to the news file) and that named
 * channels are configured. Every issue is collected, so the item is rejected whole with all reasons.
 */
export function validateCandidate(candidate: Candidate, context: ValidateContext = {}): Validation {
  const parsed = newsItemSchema.safeParse(candidate.data, { reportInput: true });
  const id = idOf(candidate.data);
  const early = candidate.issues ?? [];
  if (!parsed.success) {
    // A field the source already reported (e.g. an unreadable feed date) is not reported twice.
    const reported = new Set(early.map((i) => i.field));
    const issues = parsed.error.issues
      .flatMap(describeIssue)
      .map(({ path, message }) => issueAt(candidate, path, message))
      .filter((i) => !reported.has(i.field));
    return { ok: false, issues: [...early, ...issues], ...(id !== undefined ? { id } : {}) };
  }
  const item = parsed.data;
  const issues: ItemIssue[] = [...early];
  item.images = item.images.map((image, index) => {
    if (hasUrlScheme(image.src)) return image;
    if (candidate.baseDir === undefined) {
      issues.push(
        issueAt(
          candidate,
          ['images', index, 'src'],
          `"${image.src}" is a local path, but this source is remote; expected an http(s) URL`,
        ),
      );
      return image;
    }
    const absolute = isAbsolute(image.src) ? image.src : resolve(candidate.baseDir, image.src);
    if (!isFile(absolute, context.fileCache)) {
      issues.push(
        issueAt(
          candidate,
          ['images', index, 'src'],
          `image file not found: ${absolute}; expected a path relative to the news file`,
        ),
      );
    }
    return { ...image, src: absolute };
  });
  if (context.knownChannels && item.channels) {
    item.channels.forEach((channel, index) => {
      if (!context.knownChannels!.has(channel)) {
        issues.push(
          issueAt(
            candidate,
            ['channels', index],
            `unknown channel "${channel}"; expected one of ${[...context.knownChannels!].join(', ')}`,
          ),
        );
      }
    });
  }
  return issues.length ? { ok: false, issues, id: item.id } : { ok: true, item };
}

function issueAt(candidate: Candidate, path: ReadonlyArray<PropertyKey>, message: string): ItemIssue {
  const field = fieldPath(path);
  const line = candidate.lineOf?.(path) ?? candidate.line;
  return { ...(field !== undefined ? { field } : {}), message, ...(line !== undefined ? { line } : {}) };
}

function idOf(data: unknown): string | undefined {
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : undefined;
}

function isFile(path: string, cache?: Map<string, boolean>): boolean {
  const known = cache?.get(path);
  if (known !== undefined) return known;
  let exists = false;
  try {
    exists = statSync(path).isFile();
  } catch {
    exists = false;
  }
  cache?.set(path, exists);
  return exists;
}
