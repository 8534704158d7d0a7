import { type Command, Option } from 'commander';
import { CHANNEL_EVENTS_KEPT } from '../../src/publishing/channel-state.ts';
import { channelOption, examples, jsonOption, lazy, newsOption } from '../command-kit.ts';

/**
 * How approve and cancel choose their posts (cli/actions/bulk-selection.ts): post ids, --news or
 * --all-waiting, the last two narrowed by --channel. Defined once, so the two commands read alike.
 */
function selectionOptions(command: Command, news: string, allWaiting: string): Command {
  const verb = command.name() === 'approve' ? 'approved' : 'cancelled';
  return jsonOption(
    channelOption(
      newsOption(command, news).option('--all-waiting', allWaiting),
      'with --news or --all-waiting: only on these channels',
    ),
    // One shape for scripts (cli/actions/post-output.ts, BulkFailure), said where they look.
    `print JSON: {"${verb}": [post], "left": [post with "why"], "failed": [{"postId", "newsId", "message"}]} ` +
      '(null where not known)',
  );
}

/** agenda, approve, cancel, reschedule, edit, retry, pause, resume, pauses: acting on queued posts. */
export function registerPostCommands(program: Command): void {
  examples(
    jsonOption(
      channelOption(
        program.command('agenda').description("What is still to go out, per channel, in each channel's local time."),
      ),
    ),
    ['secon-bot agenda', 'secon-bot agenda --channel x-secon,linkedin-secon --json'],
  ).action(lazy(() => import('../actions/agenda.ts')));

  examples(
    selectionOptions(
      program
        .command('approve')
        .description('Approve posts that wait for approval; they go out at their planned time.')
        .argument('[post-ids...]', 'posts to approve'),
      'every waiting post of these news items',
      'every post waiting for approval',
    ),
    [
      'secon-bot approve my-news.linkedin-secon.en.announcement',
      'secon-bot approve --news my-news',
      'secon-bot approve --news my-news,other-news --channel linkedin-secon',
      'secon-bot approve --all-waiting --channel facebook-secon',
    ],
  ).action(lazy(() => import('../actions/approve.ts')));

  examples(
    selectionOptions(
      program
        .command('cancel')
        .description('Cancel posts that have not gone out yet.')
        .argument('[post-ids...]', 'posts to cancel'),
      'every post of these news items that has not gone out',
      'every post waiting for approval (drafts included)',
    ),
    [
      'secon-bot cancel my-news.x-secon.en.reminder',
      'secon-bot cancel --news my-news --news other-news',
      'secon-bot cancel --all-waiting',
    ],
  ).action(lazy(() => import('../actions/cancel.ts')));

  examples(
    jsonOption(
      program
        .command('reschedule')
        .description("Move a post that has not gone out to another time, in the channel's zone.")
        .argument('<post-id>', 'the post')
        .argument('<time>', 'now, +10m, +2h, +1d, today 15:00, tomorrow 09:00, 2024-05-07 10:00, or ISO with zone'),
    ),
    [
      'secon-bot reschedule my-news.x-secon.en.announcement now',
      'secon-bot reschedule my-news.x-secon.en.announcement +10m',
      'secon-bot reschedule my-news.x-secon.en.announcement "tomorrow 09:00"',
    ],
  ).action(lazy(() => import('../actions/reschedule.ts')));

  examples(
    jsonOption(
      program
        .command('edit')
        .description('Replace the text of a post that has not gone out or failed; it is fitted to its platform again.')
        .argument('<post-id>', 'the post')
        .option('--text <text>', 'the new text, as the platform should show it (LinkedIn: plain text, #hashtags)')
        .option('--file <file>', 'read the new text from this file ("-" for standard input)'),
    ),
    [
      'secon-bot edit my-news.x-secon.en.announcement --text "Meet us 13 May #SECON"',
      'secon-bot edit my-news.linkedin-secon.en.announcement --file new-text.txt',
    ],
    'An X post too long for one post becomes a thread. Refused once an attempt may have put the post live ' +
      '(the old text is what the next attempt looks for); a post the platform refused every time can be ' +
      'corrected, then sent with `retry`. A post approved on a channel that needs approval waits for approval again.',
  ).action(lazy(() => import('../actions/edit.ts')));

  examples(
    jsonOption(
      program
        .command('retry')
        .description('Publish again a failed, missed or unconfirmed post (the platform is asked first).')
        .argument('<post-id>', 'the post'),
    ),
    ['secon-bot retry my-news.facebook-secon.de.announcement'],
  ).action(lazy(() => import('../actions/retry.ts')));

  examples(
    jsonOption(
      program
        .command('pause')
        .description('Hold a channel: its posts wait (nothing is dropped) until `resume`.')
        .argument('<channel>', 'channel id')
        .option('--reason <text>', 'why (shown in agenda and alerts)', 'paused by a person'),
    ),
    ['secon-bot pause x-secon --reason "account under review"'],
  ).action(lazy(() => import('../actions/pause.ts')));

  examples(
    jsonOption(
      program
        .command('resume')
        .description('Let a paused channel publish again; overdue posts go out now or are marked missed.')
        .argument('<channel>', 'channel id'),
    ),
    ['secon-bot resume x-secon'],
  ).action(lazy(() => import('../actions/resume.ts')));

  examples(
    jsonOption(
      channelOption(
        program
          .command('pauses')
          .description('Who paused and resumed channels, when and why: what holds a channel now, then newest first.'),
      ).addOption(
        new Option('--limit <n>', `at most this many pauses and resumes, 1 to ${CHANNEL_EVENTS_KEPT}`).default(20),
      ),
      'print JSON: {"paused": [{"channel", "reason", "since", "by"}], "events": [{"channel", "kind", "by", "at", "reason"}]}',
    ),
    ['secon-bot pauses', 'secon-bot pauses --channel linkedin-secon --limit 5'],
  ).action(lazy(() => import('../actions/pauses.ts')));
}
