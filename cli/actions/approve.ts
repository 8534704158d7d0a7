import type { Command } from 'commander';
import { AWAITING_APPROVAL_STATES } from '../../src/posts/post.ts';
import { cliActor } from '../cli-actor.ts';
import { type BulkOptions, runBulk } from './bulk-selection.ts';

/** `approve <post-id>… | --news <ids> | --all-waiting`: waiting posts go out at their planned time. */
export async function run(postIds: string[], options: BulkOptions, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await runBulk(postIds, options, command, {
    command: 'approve',
    verb: 'approved',
    act: (app, postId) => app.postActions.approve(postId, actor),
    // The line names the state already ("scheduled, 2026-12-19 09:00"): the reason does not repeat it.
    leave: (record) => (AWAITING_APPROVAL_STATES.includes(record.state) ? undefined : 'not waiting for approval'),
  });
}
