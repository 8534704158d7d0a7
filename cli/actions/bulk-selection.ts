import type { App } from '../../app/create-app.ts';
import { InputError } from '../../src/input-error.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import type { PostState } from '../../src/posts/post.ts';
import { checkChannels } from '../cli-context.ts';

/** How `approve` and `cancel` choose their posts: ids, or --news / --all-waiting (with --channel). */
export interface BulkOptions {
  news?: string;
  allWaiting?: boolean;
  channel?: string[];
  json?: boolean;
}

/** The posts waiting for a person's approval. */
export const AWAITING: ReadonlyArray<PostState> = ['awaiting-approval', 'draft'];

/** Exactly one way of choosing: ids, --news or --all-waiting. */
export function checkSelection(command: string, postIds: string[], options: BulkOptions): void {
  const ways = [postIds.length > 0, Boolean(options.news), Boolean(options.allWaiting)].filter(Boolean).length;
  if (ways !== 1) throw new InputError(`${command}: give post ids, or --news <id>, or --all-waiting (one of them)`);
  if (options.channel && postIds.length)
    throw new InputError(`${command}: --channel goes with --news or --all-waiting, not with post ids`);
}

/** The records --news / --all-waiting select (all states for --news; the caller decides what it may change). */
export async function selectRecords(app: App, options: BulkOptions): Promise<PostRecord[]> {
  checkChannels(app.config, options.channel);
  const channel = options.channel?.length ? { channel: options.channel } : {};
  if (options.news) {
    const records = await app.publishingLog.query({ newsId: [options.news], ...channel });
    if (!records.length)
      throw new InputError(`no posts found for news id "${options.news}" (see \`secon-bot history --news …\`)`);
    return records;
  }
  return app.publishingLog.query({ state: [...AWAITING], ...channel, order: 'asc' });
}
