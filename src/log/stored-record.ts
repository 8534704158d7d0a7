import { LONG_NAMES, SHORT_NAMES } from './entry-field-names.ts';
import { LOG_ENTRY_FIELDS, type LogEntry } from './log-entry.ts';
import type { StoredFacts } from './post-facts.ts';

/**
 * A post's record as the log's script stores it (`<p>:log:record:<post>`, log-scripts.ts):
 *
 *     {"c": createdAt, "tl": "<stream id>,<stream id>,…", "e": {current entry}, "p": payload, "px": text, "h": {facts}}
 *
 * The current entry with the log's short field names (entry-field-names.ts) and its text; the
 * record's stream id (`logId`) is the timeline's last; `p` and `px`: record-payload.ts; `h`: what
 * the post's history established (post-facts.ts), none on records not written since. Records
 * written before are read alike: `createdAt`, `logId`, `tl` (or none: the timeline list) and
 * `entry` with the fields' full names.
 */
export interface ParsedRecord {
  createdAt: string;
  /** The stream id of the current entry. */
  logId: string;
  /** The post's stream ids, oldest first, joined by "," (records from before the timeline moved in: none). */
  tl?: string;
  entry: LogEntry;
  p?: string;
  px?: string;
  h?: StoredFacts;
}

interface Stored {
  c?: string;
  createdAt?: string;
  logId?: string;
  tl?: string;
  e?: Record<string, unknown>;
  entry?: LogEntry;
  p?: string;
  px?: string;
  h?: StoredFacts;
}

/** A record's JSON as stored, in either form. */
export function parseRecord(json: string): ParsedRecord {
  const stored = JSON.parse(json) as Stored;
  const entry = stored.e ? longNames(stored.e) : stored.entry!;
  const logId = stored.logId ?? stored.tl!.slice(stored.tl!.lastIndexOf(',') + 1);
  return {
    createdAt: stored.c ?? stored.createdAt!,
    logId,
    ...(stored.tl !== undefined ? { tl: stored.tl } : {}),
    entry,
    ...(stored.p !== undefined ? { p: stored.p } : {}),
    ...(stored.px !== undefined ? { px: stored.px } : {}),
    ...(stored.h !== undefined ? { h: stored.h } : {}),
  };
}

/** The entry as a record holds it: short names, every field the entry has, the text included. */
export function recordEntryJson(entry: LogEntry): string {
  const out: Record<string, unknown> = {};
  for (const field of LOG_ENTRY_FIELDS) if (entry[field] !== undefined) out[SHORT_NAMES[field]] = entry[field];
  return JSON.stringify(out);
}

function longNames(short: Record<string, unknown>): LogEntry {
  const out: Record<string, unknown> = {};
  for (const key in short) {
    const long = LONG_NAMES[key];
    if (long) out[long] = short[key];
  }
  return out as unknown as LogEntry;
}
