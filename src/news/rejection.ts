import type { ItemIssue } from './item-issue.ts';

/**
 * A news item (or a whole file/feed) that was not taken, with why. One rejection per item: the item
 * is rejected whole, and `issues` lists everything wrong with it at once, so one edit fixes all.
 */
export interface Rejection {
  /** The file or URL, with the line (`news/a.md:7`) or the feed item (`…/feed.xml item 3`) where known. */
  source: string;
  /**
   * An item's source without the line of its first issue, so that each issue can name its own
   * (`withLine(origin, issue.line)`). Set by {@link rejectItem}.
   */
  origin?: string;
  /** The item's id when it got that far. */
  id?: string;
  /** The first field at fault (`event.end`), absent when the whole source is bad. */
  field?: string;
  /** Human-readable: every issue as "field: what was expected". */
  message: string;
  issues?: ItemIssue[];
}

/** `file` + `:line` when the line is known. */
export function withLine(source: string, line: number | undefined): string {
  return line === undefined ? source : `${source}:${line}`;
}

/** One rejection for an item with one or more issues. */
export function rejectItem(source: string, issues: ItemIssue[], id?: string): Rejection {
  const first = issues[0];
  const message = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
  return {
    source: withLine(source, first?.line),
    origin: source,
    ...(id !== undefined ? { id } : {}),
    ...(first?.field !== undefined ? { field: first.field } : {}),
    message,
    issues,
  };
}

/** A rejection of a whole source (unreadable file, not XML, over the size cap, fetch failed). */
export function rejectSource(source: string, message: string, line?: number): Rejection {
  return { source: withLine(source, line), message };
}

/** A source holding more items than ingest.maxItemsPerSource is refused whole: taking a part of it would surprise. */
export function tooManyItems(source: string, count: number | string, max: number): Rejection {
  return rejectSource(
    source,
    `holds ${count} items, over the limit of ${max} per source (ingest.maxItemsPerSource); expected at most ` +
      `${max}: split it into smaller files`,
  );
}
