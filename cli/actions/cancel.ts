import type { Command } from 'commander';
import { CANCELLABLE_STATES } from '../../src/posts/post.ts';
import { cliActor } from '../cli-actor.ts';
import { type BulkOptions, runBulk } from './bulk-selection.ts';

/** `cancel <post-id>… | --news <ids> | --all-waiting`: posts that have not gone out are cancelled. */
export async function run(postIds: string[], options: BulkOptions, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await runBulk(postIds, options, command, {
    command: 'cancel',
    verb: 'cancelled',
    act: (app, postId) => app.postActions.cancel(postId, actor),
    // The line before the reason names the state already ("published, 2026-12-06 22:01"): the
    // reason says only why that leaves the post as it is, and where a live one is (to take it
    // down by hand when the event is off).
    leave: (record) =>
      CANCELLABLE_STATES.includes(record.state)
        ? undefined
        : record.state === 'cancelled'
          ? 'nothing to do'
          : record.url
            ? `too late to cancel; it is live at ${record.url}`
            : 'too late to cancel',
  });
}
