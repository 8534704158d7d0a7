import { Argument, type Command } from 'commander';
import { channelOption, examples, jsonOption, lazy, nowOption } from '../command-kit.ts';

/** new, preview, ingest, schedule: from a news item to queued posts. */
export function registerNewsCommands(program: Command): void {
  examples(
    jsonOption(
      program
        .command('new')
        .description('Write a news file to fill in (announcement, recap or news), dated from today.')
        .addArgument(new Argument('<kind>', 'announcement | recap | news').choices(['announcement', 'recap', 'news']))
        .option('--language <code>', 'language of the original text (default: the project default language)')
        .option('--translations <codes>', 'also write translation sections, e.g. en,bg (comma-separated)')
        .option('--id <id>', 'news id (default: from the title, else the kind and the date)')
        .option('--title <text>', 'the headline (else left for you to fill in)')
        .option('--summary <text>', 'two or three sentences the posts are built from (else left to fill in)')
        .option('--in <days>', 'days from today to the event: ahead for an announcement (14), back for a recap (2)')
        .option(
          '--on <date>',
          'the event\'s day instead: 2027-01-20 or 20.01.2027, or with its start time "2027-01-20 14:30"',
        )
        .option('--timezone <zone>', "the event's IANA time zone, e.g. Europe/Warsaw (default: the project's)")
        .option('--location <text>', 'where the event takes place, e.g. "Warszawa, Polska"')
        .option('-o, --output <file>', 'where to write (default: news/<date>-<id>.md; "-" for stdout)')
        .option('--force', 'overwrite an existing file'),
      'print the file name, id and dates as JSON',
    ),
    [
      'secon-bot new announcement --language de --translations en,bg',
      'secon-bot new announcement --on "2027-01-20 14:30" --location "Rīga, Latvija" --timezone Europe/Riga',
      'secon-bot new recap --language pl --timezone Europe/Warsaw --location "Warszawa, Polska"',
      'secon-bot new news -o news/partner-meeting.md',
    ],
  ).action(lazy(() => import('../actions/new-news.ts')));

  examples(
    jsonOption(
      channelOption(
        nowOption(
          program
            .command('preview')
            .description('Show every post news would produce, as each platform shows it (no Redis needed).')
            .argument(
              '<inputs...>',
              "news files or folders (Markdown, JSON, CSV, RSS/Atom), http(s) URLs, or a configured feed's id",
            )
            .option('--language <code>', "render every post in this language, whatever the channel's languages"),
        ),
      ),
      'print a JSON array of posts for scripts',
    ),
    [
      'secon-bot preview news/',
      'secon-bot preview news/my-news.md --channel x-secon --language el',
      "secon-bot preview news/ --json | jq '.[] | select(.warnings | length > 0)'",
    ],
    'Invalid items and failing templates are reported (exit 2); the other items are still previewed. ' +
      'A feed of secon-bot.yaml (by its address or its id) is read with its settings, as the worker reads it.',
  ).action(lazy(() => import('../actions/preview.ts')));

  examples(
    jsonOption(
      nowOption(
        program
          .command('ingest')
          .description('Validate news from files, folders or URLs and queue the accepted items.')
          .argument('<inputs...>', "news files, folders, http(s) URLs or a configured feed's id")
          .option('--dry-run', 'check and plan only: no Redis, nothing queued or remembered'),
        'with --dry-run: plan as if it were this time',
      ),
    ),
    [
      'secon-bot ingest news/ --dry-run',
      'secon-bot ingest plan-2024.csv',
      'secon-bot ingest https://example.org/feed.xml',
    ],
    'Prints per item "accepted" with its posts or "rejected" with why. Items taken before with the same ' +
      'content are left alone; an edited item updates its unpublished posts. Exit 2 when an item was ' +
      'rejected, 1 when nothing at all was queued.\n\n' +
      'CSV columns: id, kind, language, title, summary, body, url, published, event.name, event.start, ' +
      'event.end, event.location, event.timezone, hashtags, mentions, channels, schedule, image, image.alt, ' +
      'title.<lang>, summary.<lang>, body.<lang>, url.<lang> (e.g. title.de). Empty cells are "not given".',
  ).action(lazy(() => import('../actions/ingest.ts')));

  examples(
    jsonOption(
      nowOption(
        program
          .command('schedule')
          .description('Plan and queue the posts of news files; prints the plan in local times.')
          .argument('<news...>', "news files, folders, URLs or a configured feed's id")
          .option('--dry-run', 'plan and print only; queue nothing'),
        'with --dry-run only: plan as if it were this time',
      ).option('--approval', 'every post waits for `secon-bot approve`'),
    ),
    [
      'secon-bot schedule news/my-news.md',
      'secon-bot schedule news/my-news.md --approval --dry-run',
      'secon-bot schedule news/ --dry-run --now 2024-05-01T09:00:00+03:00',
    ],
    'Says for each item that yields no post why not. Exit 2 when an item was rejected, 1 when nothing ' +
      'at all was scheduled.',
  ).action(lazy(() => import('../actions/schedule.ts')));

  examples(
    jsonOption(
      program
        .command('language')
        .description('Say which language a news item taken before is in; its posts are planned again in it.')
        .argument('<news-id>', 'the news item (a feed item: its guid or link)')
        .argument('<lang>', 'the language its text is in, e.g. en')
        .option('--approval', 'its new posts wait for `secon-bot approve`'),
    ),
    ['secon-bot language mrn-2026-12-fair en'],
    "For a feed's item in another language than the feed says (its posts wait for a person, saying the " +
      'text reads as another language): posts in the new language are planned on the channels that post in it, ' +
      "the old language's posts that have not gone out are cancelled, and the feed's later polls of the item " +
      'keep the language. Said back to its first language, the posts this cancelled come back (not those a ' +
      'person cancelled). Exit 2 when the item is not known here or is in that language already.',
  ).action(lazy(() => import('../actions/language.ts')));
}
