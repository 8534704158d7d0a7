import type { Command } from 'commander';
import { counted } from '../../src/counted.ts';
import { languageName } from '../../src/language-name.ts';
import { plannedAnew } from '../../src/publishing/post-action-words.ts';
import { cliActor } from '../cli-actor.ts';
import { printJson, withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { printPlan } from './schedule.ts';

interface LanguageOptions {
  approval?: boolean;
  json?: boolean;
}

/**
 * `language <news-id> <language>`: a news item taken before is in this language (a feed's item in
 * another language than the feed's); its posts are planned again in it, those of the old
 * language that have not gone out cancelled. Prints the plan as `schedule` does.
 */
export async function run(newsId: string, language: string, options: LanguageOptions, command: Command): Promise<void> {
  // Checked before anything is done: a bad SECON_BOT_ACTOR changes nothing.
  const actor = cliActor();
  await withApp(command, async (app) => {
    const result = await app.intake.correctLanguage(newsId, language, {
      actor,
      ...(options.approval ? { requireApproval: true } : {}),
    });
    // A template that cannot render the item in its new language: said as `schedule` says it. The
    // item keeps its language (NewsIntake.correctLanguage): the same command plans it once fixed.
    if (result.status === 'rejected') process.exitCode = EXIT.usage;
    if (options.json) {
      printJson(result);
      return;
    }
    const rejected =
      result.status === 'rejected' ? [{ source: result.source, id: newsId, message: result.error ?? 'rejected' }] : [];
    printPlan(app.config, result.status === 'rejected' ? [] : [result], rejected);
    if (result.status === 'rejected') return;
    const created = result.posts.filter(plannedAnew).length;
    const cancelled = result.posts.filter((p) => p.action === 'cancelled').length;
    const code = result.language ?? language;
    process.stderr.write(
      `secon-bot: news item ${newsId} is taken as ${languageName(code)} from now on, by feed polls too: ` +
        `${counted(created, 'post', 'posts')} planned in it, ${counted(cancelled, 'post', 'posts')} of its old language cancelled\n`,
    );
  });
}
