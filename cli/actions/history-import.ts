import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { importLog } from '../../src/log/log-import.ts';
import { PartialImportError } from '../../src/log/partial-import-error.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import type { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { PENDING_STATES } from '../../src/posts/post.ts';
import { PostStore } from '../../src/publishing/post-store.ts';
import { printJson } from '../cli-context.ts';
import { ProgressLine } from '../output/progress-line.ts';
import { strandedNote } from '../output/stranded-note.ts';
import { wantsJson, withLog, write } from './log-access.ts';

/** Copies stdin to a temporary file: an import reads its input twice (check everything, then write). */
async function stdinToFile(): Promise<{ path: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'secon-import-'));
  const path = join(dir, 'stdin.ndjson');
  await pipeline(process.stdin, createWriteStream(path));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The imported posts still to go out that cannot (no stored payload): said at once, not when they fall due. */
async function strandedPosts(log: RedisPublishingLog): Promise<PostRecord[]> {
  return new PostStore(log.redisClient, log.keys).stranded(await log.query({ state: [...PENDING_STATES] }));
}

/** `history import <file>`: restores an export, all or nothing (or, with --skip-bad-lines, all but the broken lines). */
export async function run(
  file: string,
  options: { json?: boolean; skipBadLines?: boolean },
  command: Command,
): Promise<void> {
  await withLog(command, async (log) => {
    const input = file === '-' ? await stdinToFile() : { path: file, cleanup: () => undefined };
    const progress = new ProgressLine('importing');
    try {
      const result = await importLog(log.redisClient, log.keys, input.path, {
        skipBadLines: options.skipBadLines,
        onProgress: (pass, lines, total) =>
          progress.update(lines, pass === 'checking' ? 'checking every line' : 'writing', total),
      }).catch((error: unknown) => {
        // --json answers on stdout even when the file is refused, as `schedule --json` lists what it
        // rejected; the message still goes to stderr and the exit code stays 2.
        if (error instanceof InputError && wantsJson(options, command)) {
          progress.finish();
          const written = error instanceof PartialImportError ? error.result : { imported: 0 };
          printJson({ ...written, error: error.message.split('\n')[0], problems: error.details });
        }
        throw error;
      });
      progress.finish();
      const stranded = await strandedPosts(log);
      if (wantsJson(options, command))
        printJson({ ...result, ...(stranded.length ? { cannotGoOut: stranded.map((r) => r.postId) } : {}) });
      else
        write(
          `imported ${result.imported} of ${result.entries} log entries (${result.skipped} already present) into ` +
            `key prefix "${log.keys.prefix}"`,
        );
      const note = strandedNote(stranded);
      if (note) process.stderr.write(`secon-bot: ${note}\n`);
    } finally {
      progress.finish();
      input.cleanup();
    }
  });
}
