import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { counted } from '../../src/counted.ts';
import { type ExportResult, exportLog } from '../../src/log/log-export.ts';
import { printJson } from '../cli-context.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { wantsJson, withLog } from './log-access.ts';

/**
 * Where an export to `file` is written until it is complete: beside it (same file system, so the
 * rename is atomic), named so that nobody takes it for a backup.
 */
function partialPath(file: string): string {
  return `${file}.partial-${process.pid}`;
}

/** Post ids named in the note on posts exported from their record alone; the rest are counted. */
const NAMED_POSTS = 5;

/** What to tell about the posts retention emptied (ExportResult.currentOnly), or undefined for none. */
function currentOnlyNote(postIds: string[]): string | undefined {
  if (!postIds.length) return undefined;
  const named = postIds.slice(0, NAMED_POSTS).join(', ');
  const more = postIds.length > NAMED_POSTS ? ` and ${postIds.length - NAMED_POSTS} more` : '';
  return (
    `${counted(postIds.length, 'post is', 'posts are')} in this export with their current entry only (state, link, who approved): ` +
    `retention (\`history trim\`) removed their earlier entries. Exports made before the trims hold those: ${named}${more}`
  );
}

/**
 * `history export`: the whole log as NDJSON, oldest first. With -o the file appears only once it
 * is whole: an export that stops half-way (Redis gone, disk full) leaves no file that looks like a
 * backup, and an earlier export of the same name as it was. With -o and --json, stdout says what
 * was written (without -o, stdout is the export itself).
 */
export async function run(options: { output?: string; json?: boolean }, command: Command): Promise<void> {
  await withLog(command, async (log) => {
    const partial = options.output ? partialPath(options.output) : undefined;
    const out = partial ? createWriteStream(partial) : process.stdout;
    const progress = new ProgressLine('exporting');
    let result: ExportResult;
    try {
      result = await exportLog(log, out, { onProgress: (n, total) => progress.update(n, undefined, total) });
      if (partial && options.output) {
        out.end();
        await finished(out);
        await rename(partial, options.output);
      }
    } catch (error) {
      if (partial) {
        (out as ReturnType<typeof createWriteStream>).destroy();
        await rm(partial, { force: true });
      }
      throw error;
    } finally {
      progress.finish();
    }
    const { exported, currentOnly } = result;
    if (options.output && wantsJson(options, command)) {
      printJson({ exported, file: options.output, currentOnly });
      return;
    }
    process.stderr.write(`exported ${exported} log entries${options.output ? ` to ${options.output}` : ''}\n`);
    const note = currentOnlyNote(currentOnly);
    if (note) process.stderr.write(`secon-bot: ${note}\n`);
  });
}
