import { counted } from '../../src/counted.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';

/**
 * What to say of posts still to go out that never can (no stored payload: their records came from
 * `history import`), and how to let them go out after all. Undefined when there are none.
 */
export function strandedNote(stranded: readonly PostRecord[]): string | undefined {
  if (!stranded.length) return undefined;
  const news = [...new Set(stranded.map((r) => r.newsId))];
  return (
    `${counted(stranded.length, 'post', 'posts')} of ${counted(news.length, 'news item', 'news items')} cannot go out: their records came from ` +
    '`history import`, and an export holds the log, not what is sent. To send them, schedule their news ' +
    `again (\`secon-bot schedule <file>\`), or cancel them (\`secon-bot cancel --news ${news.join(',')}\`)`
  );
}
