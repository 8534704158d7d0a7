import type { Command } from 'commander';
import { CANCELLABLE_STATES } from '../../src/posts/post.ts';
import { type BulkOptions, runBulk } from './bulk-selection.ts';

/** `cancel <post-id>… | --news <ids> | --all-waiting`: posts that have not gone out are cancelled. */
export async function run(postIds: string[], options: BulkOptions, command: Command): Promise<void> {
  await runBulk(postIds, options, command, {
    command: 'cancel',
    verb: 'cancelled',
    act: (app, postId) => app.postActions.cancel(postId, 'cli:cancel'),
    leave: (record) => (CANCELLABLE_STATES.includes(record.state) ? undefined : `already ${record.state}`),
  });
}
