import type { Command } from 'commander';
import { counted } from '../../src/counted.ts';
import { printJson } from '../cli-context.ts';
import { wantsJson, withLog, write } from './log-access.ts';

/** `history trim`: removes entries older than log.retentionDays. */
export async function run(options: { json?: boolean }, command: Command): Promise<void> {
  await withLog(command, async (log, config) => {
    const removed = await log.trim();
    const retentionDays = config.log.retentionDays ?? null;
    if (wantsJson(options, command)) printJson({ removed, retentionDays });
    else
      write(
        retentionDays === null
          ? 'log.retentionDays is not set: the log keeps everything'
          : `removed ${counted(removed, 'entry', 'entries')} older than ${counted(retentionDays, 'day', 'days')}`,
      );
  });
}
