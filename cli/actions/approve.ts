import type { Command } from 'commander';
import { cliActor } from '../cli-actor.ts';
import { AWAITING, type BulkOptions, runBulk } from './bulk-selection.ts';

/** `approve <post-id>… | --news <ids> | --all-waiting`: waiting posts go out at their planned time. */
export async function run(postIds: string[], options: BulkOptions, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await runBulk(postIds, options, command, {
    command: 'approve',
    verb: 'approved',
    act: (app, postId) => app.postActions.approve(postId, actor),
    leave: (record) => (AWAITING.includes(record.state) ? undefined : `${record.state}, not waiting for approval`),
  });
}
