import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { cliActor } from '../cli-actor.ts';
import { printJson, withApp } from '../cli-context.ts';
import { printPost, recordJson } from './post-output.ts';

/** `edit <post-id> --text … | --file …`: a person's text, fitted to the platform again (PostActions.editText). */
export async function run(
  postId: string,
  options: { json?: boolean; text?: string; file?: string },
  command: Command,
): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  if ((options.text === undefined) === (options.file === undefined))
    throw new InputError('edit: give the new text with either --text or --file, not both and not neither');
  const text = options.text ?? (await readText(options.file!));
  await withApp(command, async (app) => {
    // The CLI is the operator's, who may approve: an edit keeps today's rule (PostActions.editText).
    const { record, warnings } = await app.postActions.editText(postId, text, actor, { mayApprove: true });
    if (options.json) return printJson({ ...recordJson(app.config, record), warnings });
    printPost(app.config, false, record, 'edited');
    for (const warning of warnings) process.stdout.write(`  ⚠ ${warning}\n`);
  });
}

/** The text of a file, or of standard input for "-". */
async function readText(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new InputError(
        `--file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}
