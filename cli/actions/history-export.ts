import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportLog } from '../../src/log/log-export.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { withLog } from './log-access.ts';

/** `history export`: the whole log as NDJSON, oldest first. */
export async function run(options: { output?: string }, command: Command): Promise<void> {
  await withLog(command, async (log) => {
    const total = await log.redisClient.xlen(log.keys.logStream);
    const out = options.output ? createWriteStream(options.output) : process.stdout;
    const progress = new ProgressLine('exporting', total);
    let count: number;
    try {
      count = await exportLog(log.redisClient, log.keys, out, { onProgress: (n) => progress.update(n) });
    } finally {
      progress.finish();
    }
    if (options.output) {
      out.end();
      await finished(out);
    }
    process.stderr.write(`exported ${count} log entries${options.output ? ` to ${options.output}` : ''}\n`);
  });
}
