import { counted } from '../../src/counted.ts';
import type { ConfiguredFeedRead } from '../../src/news/load-sources.ts';

/**
 * What to say of a source that is a configured feed's address: it was read with that feed's
 * settings, as the worker reads it (so `preview` shows the worker's posts, and `ingest` plans the
 * same posts, under the same ids), and how many of its items the worker would leave out as too old.
 */
export function configuredFeedNote(
  { source, feed, older }: ConfiguredFeedRead,
  /** What the command does with those old items, e.g. "`preview` shows them". */
  olderHere: string,
  defaultLanguage: string,
): string {
  const settings = [
    `language ${feed.language ?? `the feed's own (else ${defaultLanguage})`}`,
    `kind ${feed.kind}`,
    `channels ${feed.channels?.join(', ') ?? 'all'}`,
  ].join(', ');
  const old = older
    ? `; ${counted(older, 'item is', 'items are')} dated more than ${feed.maxAgeDays} days ago (maxAgeDays): the worker takes no such item new; ${olderHere}`
    : '';
  return `note: ${source} is feed ${feed.id} of the configuration, read with its settings as the worker reads it (${settings})${old}`;
}
