import { describeItemIssue } from '../../src/news/item-issue.ts';
import type { Rejection } from '../../src/news/rejection.ts';
import { paint } from './colour.ts';
import { hanging } from './hanging-text.ts';

/** What a rejection's lines need: where, which item, and every problem (or one message). */
export type RejectionShown = Pick<Rejection, 'source' | 'id' | 'issues' | 'message'>;

/**
 * A rejected item or source as people read it: the source (and the item's id) on one line, then
 * each problem on its own line with its line number. A file with seven empty fields reads as a
 * list to work through, not as one line of "field: …; field: …" (ingest, schedule and preview say
 * it alike).
 */
export function rejectionLines(rejection: RejectionShown, width: number | undefined): string[] {
  const lines = [hanging(`${paint('red', 'rejected')}  `, `${rejection.source}${idNote(rejection)}`, width)];
  if (rejection.issues?.length)
    for (const issue of rejection.issues) lines.push(hanging('  ✗ ', describeItemIssue(issue), width));
  else lines.push(hanging('  ✗ ', rejection.message, width));
  return lines;
}

/** The item's id after its source, unless the source already names it (a feed item: "feed.xml item 1 (guid)"). */
function idNote({ id, source }: RejectionShown): string {
  return id && !source.endsWith(`(${id})`) ? `  (${id})` : '';
}
