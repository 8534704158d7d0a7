import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../dev/redis-server-process.ts';
import { InputError } from '../../src/input-error.ts';
import { historyTable, timelineText } from '../../src/log/history-format.ts';
import type { LogEntry } from '../../src/log/log-entry.ts';
import { hashText } from '../../src/log/log-entry.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { displayLength } from '../../src/log/text-table.ts';
import { keyPattern, redisKeys } from '../../src/redis/redis-keys.ts';
import { RedisUnavailableError } from '../../src/redis/redis-unavailable-error.ts';
import { isUsageError, runInProcess } from '../helpers/cli.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let dir: string;
const prefixes: string[] = [];
const T0 = '2023-11-13T07:00:00.000Z';

/** Texts with what breaks naive CSV: non-Latin scripts, line breaks, quotes, commas. */
const TEXTS: Record<string, string> = {
  en: 'Haskovo, 13–14 November:\npartners from nine countries\nworked on "social economy" policies.',
  bg: 'Хасково, 13–14 ноември:\nпартньори от девет държави\nобсъдиха „социалната икономика“.',
  el: 'Χάσκοβο, 13–14 Νοεμβρίου:\r\nεταίροι από εννέα χώρες, «κοινωνική οικονομία».',
  pl: 'Hasków, 13–14 listopada\nEkonomia społeczna; "cytat", przecinek.',
};

/** Writes a configuration whose Redis key prefix is this test's own. */
function configFile(keyPrefix: string): string {
  const yaml = readFileSync(new URL('../../secon-bot.yaml', import.meta.url), 'utf8').replace(
    /keyPrefix: \S+/,
    `keyPrefix: ${keyPrefix}`,
  );
  const file = join(dir, `${keyPrefix}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** A small history: per language one Facebook and one X post; X Greek is rejected, the rest fail once then go out. */
async function fill(keyPrefix: string): Promise<void> {
  const log = new RedisPublishingLog(redis, redisKeys(keyPrefix));
  let minute = 0;
  for (const [language, text] of Object.entries(TEXTS)) {
    for (const [channel, platform] of [
      ['facebook-secon', 'facebook'],
      ['x-secon', 'twitter'],
    ] as const) {
      const base = {
        postId: `haskovo.${channel}.${language}.recap`,
        newsId: 'haskovo',
        channel,
        platform,
        language,
        kind: 'recap' as const,
        plannedAt: minutesAfter(T0, minute),
        text,
        textHash: hashText(text),
      };
      const at = () => minutesAfter(T0, minute++);
      await log.transition({ ...base, at: at(), attempt: 0, state: 'scheduled', actor: 'cli:schedule' }, [null]);
      await log.transition({ ...base, at: at(), attempt: 1, state: 'publishing' }, ['scheduled']);
      if (language === 'el' && platform === 'twitter') {
        await log.transition(
          {
            ...base,
            at: at(),
            attempt: 1,
            state: 'failed',
            errorKind: 'rejected',
            errorMessage: 'Text too long, "weighted" 312/280',
          },
          ['publishing'],
        );
        continue;
      }
      await log.transition(
        { ...base, at: at(), attempt: 1, state: 'scheduled', errorKind: 'transient', errorMessage: 'HTTP 503' },
        ['publishing'],
      );
      await log.transition({ ...base, at: at(), attempt: 2, state: 'publishing' }, ['scheduled']);
      await log.transition(
        { ...base, at: at(), attempt: 2, state: 'published', url: `https://example.test/${channel}/${language}` },
        ['publishing'],
      );
    }
  }
}

async function setUp(): Promise<{ prefix: string; config: string }> {
  const prefix = uniquePrefix('cli');
  prefixes.push(prefix);
  await fill(prefix);
  return { prefix, config: configFile(prefix) };
}

let main: { prefix: string; config: string };

beforeAll(async () => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-history-cli-'));
  process.env.REDIS_URL = testRedisUrl();
  main = await setUp();
});
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, p);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

async function json<T>(args: string[]): Promise<T> {
  const run = await runInProcess(['--config', main.config, ...args]);
  expect(run.error).toBeUndefined();
  return JSON.parse(run.stdout) as T;
}

describe('secon-bot history', () => {
  it('combines filters given repeated and comma-separated', async () => {
    const all = await json<PostRecord[]>(['history', '--format', 'json']);
    expect(all).toHaveLength(8);
    const rows = await json<PostRecord[]>([
      'history',
      '--format',
      'json',
      '--language',
      'bg,el',
      '--language',
      'pl',
      '--platform',
      'twitter',
      '--state',
      'published',
    ]);
    expect(rows.map((r) => r.postId).sort()).toEqual(['haskovo.x-secon.bg.recap', 'haskovo.x-secon.pl.recap']);
    // X is what Twitter is called now: --platform x is --platform twitter.
    const byX = await json<PostRecord[]>(['history', '--format', 'json', '--platform', 'X', '--state', 'published']);
    expect(byX.length).toBeGreaterThan(0);
    expect(byX.every((r) => r.platform === 'twitter')).toBe(true);
    const failed = await json<PostRecord[]>(['history', '--format', 'json', '--state', 'failed']);
    expect(failed.map((r) => [r.postId, r.errorKind])).toEqual([['haskovo.x-secon.el.recap', 'rejected']]);
    // The first two languages' posts end within the first 20 minutes.
    const early = await json<PostRecord[]>([
      'history',
      '--format',
      'json',
      '--since',
      '2023-11-13T09:00+02:00',
      '--until',
      '2023-11-13T09:20+02:00',
      '--order',
      'asc',
    ]);
    expect(early.map((r) => r.language)).toEqual(['en', 'en', 'bg', 'bg']);
    expect(early.every((r) => Date.parse(r.at) < Date.parse(minutesAfter(T0, 20)))).toBe(true);
    expect(
      await json<PostRecord[]>(['history', '--format', 'json', '--channel', 'facebook-secon', '--limit', '2']),
    ).toHaveLength(2);
  });

  it('prints a table with local times, links, errors and shortened one-line texts', async () => {
    const run = await runInProcess(['--config', main.config, 'history', '--news', 'haskovo']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WHEN \(Europe\/Athens\)\s+CHANNEL\s+LANG\s+KIND\s+STATE/);
    expect(lines).toHaveLength(2 + 8);
    expect(run.stdout).toContain('2023-11-13 09:'); // 07:xx UTC is 09:xx in Athens
    expect(run.stdout).toContain('https://example.test/facebook-secon/bg');
    expect(run.stdout).toContain('rejected: Text too long');
    expect(run.stdout).toContain('Хасково, 13–14 ноември: партньори');
    // A line break that ends no sentence stays visible on the one line.
    expect(run.stdout).toContain('Hasków, 13–14 listopada · Ekonomia');
  });

  it('writes CSV that a CSV parser reads back exactly, Greek, Bulgarian and line breaks included', async () => {
    const run = await runInProcess(['--config', main.config, 'history', '--format', 'csv', '--bom']);
    expect(run.stdout.startsWith('\ufeff')).toBe(true);
    const rows = parse(run.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.text).toBe(TEXTS[row.language!]);
      expect(row.textHash).toBe(hashText(row.text!));
    }
    const el = rows.find((r) => r.postId === 'haskovo.x-secon.el.recap')!;
    expect(el.errorMessage).toBe('Text too long, "weighted" 312/280');
    expect(el.atLocal).toMatch(/^2023-11-13 09:\d\d$/);
    const plain = await runInProcess(['--config', main.config, 'history', '--format', 'csv']);
    expect(plain.stdout.startsWith('postId,')).toBe(true);
    // For Excel in the partner regions: semicolons between the cells, the same cells in them.
    const excel = await runInProcess([
      '--config',
      main.config,
      'history',
      '--format',
      'csv',
      '--separator',
      'semicolon',
    ]);
    expect(excel.stdout.startsWith('postId;')).toBe(true);
    expect(parse(excel.stdout, { columns: true, delimiter: ';' })).toEqual(parse(plain.stdout, { columns: true }));
    const report = ['report', '--since', '2023-11', '--until', '2023-12', '--format', 'csv', '--separator', 'tab'];
    expect((await runInProcess(['--config', main.config, ...report])).stdout).toMatch(/^section\tkey\tdetail\t/);
  });

  it('refuses --bom and --separator with a format other than CSV, which they would not change (exit 2)', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['history', '--format', 'json', '--separator', 'semicolon'],
        '--separator shapes CSV only; expected --format csv (the output is json)',
      ],
      [['history', '--bom'], '--bom shapes CSV only; expected --format csv (the output is table)'],
      [
        ['activity', '--json', '--bom', '--separator', 'tab'],
        '--bom and --separator shape CSV only; expected --format csv (the output is json)',
      ],
      [
        ['report', '--format', 'table', '--separator', 'comma'],
        '--separator shapes CSV only; expected --format csv (the output is table)',
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runInProcess(['--config', main.config, ...args]);
      expect(run.error, args.join(' ')).toBeInstanceOf(InputError);
      expect((run.error as Error).message).toBe(message);
      expect(run.stdout).toBe('');
    }
    // Without --separator, CSV is still comma-separated.
    const plain = await runInProcess(['--config', main.config, 'activity', '--format', 'csv']);
    expect(plain.error).toBeUndefined();
    expect(plain.stdout).toMatch(/^[a-zA-Z]+,/);
  });

  it('neutralises cells a spreadsheet would run as formulas; --raw and NDJSON keep them exact', async () => {
    const prefix = uniquePrefix('cli');
    prefixes.push(prefix);
    const config = configFile(prefix);
    const log = new RedisPublishingLog(redis, redisKeys(prefix));
    const formulas = [
      '=HYPERLINK("https://evil.test","click")',
      '+1 555 0100',
      '-5 reasons',
      '@SeconProject_eu hi',
      '\tindented',
    ];
    for (const [i, text] of formulas.entries()) {
      await log.append({
        postId: `formula-${i}.x-secon.en.news`,
        newsId: `formula-${i}`,
        channel: 'x-secon',
        platform: 'twitter',
        language: 'en',
        kind: 'news',
        plannedAt: minutesAfter(T0, i),
        at: minutesAfter(T0, i),
        attempt: 1,
        state: 'failed',
        errorKind: 'rejected',
        errorMessage: '=cmd|" /C calc"!A0',
        text,
        textHash: hashText(text),
      });
    }
    const read = async (args: string[]) => {
      const run = await runInProcess(['--config', config, ...args]);
      expect(run.error).toBeUndefined();
      return run.stdout;
    };
    const rows = (csv: string) => parse(csv, { columns: true }) as Array<Record<string, string>>;
    const safe = rows(await read(['history', '--format', 'csv', '--order', 'asc']));
    expect(safe.map((r) => r.text)).toEqual(formulas.map((f) => `'${f}`));
    expect(safe.every((r) => r.errorMessage === `'=cmd|" /C calc"!A0`)).toBe(true);
    // Cells that only look alike further in, and numbers, are left alone.
    expect(safe[0]!.attempt).toBe('1');
    expect(safe[0]!.postId).toBe('formula-0.x-secon.en.news');
    const raw = rows(await read(['history', '--format', 'csv', '--order', 'asc', '--raw']));
    expect(raw.map((r) => r.text)).toEqual(formulas);
    const ndjson = (await read(['history', '--format', 'ndjson', '--order', 'asc'])).trimEnd().split('\n');
    expect(ndjson.map((line) => (JSON.parse(line) as PostRecord).text)).toEqual(formulas);
    const report = rows(await read(['report', '--since', '2023-11', '--until', '2023-12', '--format', 'csv']));
    expect(report.find((r) => r.section === 'failure')?.detail).toBe(`'=cmd|" /C calc"!A0`);
    const reportRaw = rows(
      await read(['report', '--since', '2023-11', '--until', '2023-12', '--format', 'csv', '--raw']),
    );
    expect(reportRaw.find((r) => r.section === 'failure')?.detail).toBe('=cmd|" /C calc"!A0');
  });

  it("shows a LinkedIn post's text as its readers see it; --raw CSV and JSON's text keep the markup sent", async () => {
    const prefix = uniquePrefix('cli');
    prefixes.push(prefix);
    const config = configFile(prefix);
    const log = new RedisPublishingLog(redis, redisKeys(prefix));
    // What the renderer makes of "Partners meet in Haskovo (BG) #SECON #SocialEconomy, 50% funded*".
    const sent = 'Partners meet in Haskovo \\(BG\\) {hashtag|\\#|SECON} {hashtag|\\#|SocialEconomy}, 50% funded\\*';
    const readers = 'Partners meet in Haskovo (BG) #SECON #SocialEconomy, 50% funded*';
    const postId = 'haskovo.linkedin-secon.en.recap';
    await log.append(
      logEntry({
        postId,
        newsId: 'haskovo',
        channel: 'linkedin-secon',
        platform: 'linkedin',
        text: sent,
        textHash: hashText(sent),
      }),
    );
    const read = async (args: string[]) => {
      const run = await runInProcess(['--config', config, ...args]);
      expect(run.error).toBeUndefined();
      return run.stdout;
    };
    const table = await read(['history']);
    expect(table).toContain('Partners meet in Haskovo (BG) #SECON');
    expect(table).not.toContain('{hashtag');
    expect(await read(['show', postId])).toContain(`text      ${readers}`);
    const csvText = (csv: string) => (parse(csv, { columns: true }) as Array<Record<string, string>>)[0]!.text;
    expect(csvText(await read(['history', '--format', 'csv']))).toBe(readers);
    expect(csvText(await read(['history', '--format', 'csv', '--raw']))).toBe(sent);
    // JSON: the record as stored (text and textHash agree), plus the text as readers see it.
    const [record] = JSON.parse(await read(['history', '--format', 'json'])) as Array<
      PostRecord & { shownText: string }
    >;
    expect(record).toMatchObject({ text: sent, textHash: hashText(sent), shownText: readers });
    const line = JSON.parse((await read(['history', '--format', 'ndjson'])).trimEnd()) as Record<string, string>;
    expect(line).toMatchObject({ text: sent, shownText: readers });
    const shown = JSON.parse(await read(['show', postId, '--json'])) as { record: Record<string, string> };
    expect(shown.record).toMatchObject({ text: sent, shownText: readers });
  });

  it('rejects bad filter values with a clear message (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--state', 'posted'], /--state: unknown value "posted"; expected one of draft,/],
      [['--platform', 'mastodon'], /--platform: unknown value "mastodon"/],
      [['--kind', 'recap,gossip'], /--kind: unknown value "gossip"/],
      [['--language', 'Greek'], /--language: "Greek" is not a language code/],
      [['--since', 'last tuesday'], /--since: "last tuesday" is not a date/],
      [['--since', '2023-12-01', '--until', '2023-11-01'], /--since .* must be before --until/],
      [['--limit', '0'], /--limit: "0" is not a positive whole number/],
      [['--channel', 'no-such-channel'], /--channel: unknown channel "no-such-channel"; configured: x-secon/],
    ];
    for (const [args, message] of cases) {
      const run = await runInProcess(['--config', main.config, 'history', ...args]);
      expect(run.error, args.join(' ')).toBeInstanceOf(InputError);
      expect((run.error as Error).message).toMatch(message);
      expect(run.stdout).toBe('');
    }
    for (const args of [
      ['--format', 'xml'],
      ['--colour', 'red'],
    ]) {
      const run = await runInProcess(['--config', main.config, 'history', ...args]);
      expect(isUsageError(run.error), args.join(' ')).toBe(true);
    }
  });

  it('accepts relative times', async () => {
    // Every post is from 2023: nothing in the last 30 days, everything in the last 100000 days.
    expect(await json<PostRecord[]>(['history', '--format', 'json', '--since', '30d'])).toEqual([]);
    expect(
      await json<PostRecord[]>(['history', '--format', 'json', '--since', '100000d', '--until', '12h']),
    ).toHaveLength(8);
  });

  it('fails with exit 1 and a clear message when Redis is unreachable', async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
    try {
      const run = await runInProcess(['--config', main.config, 'history']);
      expect(run.error).toBeInstanceOf(RedisUnavailableError);
      expect((run.error as Error).message).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    } finally {
      process.env.REDIS_URL = saved;
    }
  });

  it('tells a mistyped option as such even when Redis is unreachable (checked before connecting)', async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
    try {
      const history = await runInProcess(['--config', main.config, 'history', '--state', 'posted']);
      expect(history.error).toBeInstanceOf(InputError);
      expect((history.error as Error).message).toMatch(/--state: unknown value "posted"/);
      const report = await runInProcess(['--config', main.config, 'report', '--since', 'last tuesday']);
      expect(report.error).toBeInstanceOf(InputError);
      expect((report.error as Error).message).toMatch(/--since: "last tuesday" is not a date/);
      const future = await runInProcess(['--config', main.config, 'report', '--since', '2099-01']);
      expect(future.error).toBeInstanceOf(InputError);
      expect((future.error as Error).message).toBe(
        '--since (2099-01) is after now, where a report ends when --until is not given',
      );
    } finally {
      process.env.REDIS_URL = saved;
    }
  });
});

describe('the history table', () => {
  it('shows when a post is planned while it has not gone out (marked), when it went out once it has', () => {
    const changed = '2026-12-03T13:07:00Z';
    const record = (state: PostRecord['state'], plannedAt: string): PostRecord => ({
      ...logEntry({ state, plannedAt, at: changed }),
      createdAt: changed,
    });
    const table = historyTable(
      [
        record('scheduled', '2026-12-17T06:00:00Z'),
        record('awaiting-approval', '2026-12-16T07:00:00Z'),
        record('published', '2026-12-03T13:00:00Z'),
      ],
      'Europe/Athens',
    );
    const rows = table.split('\n').slice(2);
    expect(rows[0]).toMatch(/^2026-12-17 08:00 planned +\S/);
    expect(rows[1]).toMatch(/^2026-12-16 09:00 planned +\S/);
    expect(rows[2]).toMatch(/^2026-12-03 15:07 +\S/);
    expect(table).not.toMatch(/15:07 planned/);
  });

  it('fits an 80-column screen: the text moves under its row, after the link, when the facts fill it', () => {
    const changed = '2026-12-03T13:07:00Z';
    const record = (patch: Partial<PostRecord>): PostRecord => ({
      ...logEntry({ at: changed, ...patch }),
      createdAt: changed,
    });
    const text = 'SECON partners meet in Riga to compare how nine regions support social enterprises';
    const records = [
      record({ channel: 'linkedin-secon', kind: 'announcement', state: 'awaiting-approval', text }),
      record({ state: 'published', text, url: 'https://example.test/x-secon/1' }),
    ];
    const lines = historyTable(records, 'Europe/Athens', { width: 80 }).split('\n');
    for (const line of lines) if (!line.includes('https://')) expect(displayLength(line), line).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => l.startsWith('  ↳ SECON partners meet in Riga'))).toHaveLength(2);
    // Wide enough, the text stays in its column.
    expect(historyTable(records, 'Europe/Athens', { width: 200 })).not.toContain('↳');
    // Cut at a word: "… regions…", not "… regions supp…".
    expect(historyTable(records, 'Europe/Athens', { width: 200 })).toContain(
      'SECON partners meet in Riga to compare how nine regions…',
    );
  });
});

describe('secon-bot show', () => {
  it('counts in words a person reads: "1 entry", "after 1 attempt"; "5 entries", "after 2 attempts"', () => {
    const published = logEntry({ state: 'published', attempt: 1, url: 'https://example.test/x-secon/1' });
    const one = timelineText({ ...published, createdAt: published.at }, [published], 'Europe/Athens');
    expect(one).toContain('Timeline (1 entry):');
    expect(one).toContain('published after 1 attempt — https://example.test/x-secon/1');
    const second = { ...published, attempt: 2 };
    const two = timelineText({ ...second, createdAt: second.at }, [published, second], 'Europe/Athens');
    expect(two).toContain('Timeline (2 entries):');
    expect(two).toContain('published after 2 attempts');
  });

  it('an entry without a note that puts the post on the schedule says when it is planned; others say what they say', () => {
    const entries = [
      logEntry({ at: '2023-11-09T12:00:00.000Z' }),
      logEntry({ at: '2023-11-09T12:05:00.000Z', state: 'awaiting-approval' }),
      logEntry({ at: '2023-11-09T12:10:00.000Z', note: 'approved' }),
      logEntry({ at: '2023-11-09T12:15:00.000Z', state: 'publishing', attempt: 1 }),
      logEntry({ at: '2023-11-09T12:20:00.000Z', attempt: 1, errorKind: 'transient', errorMessage: 'HTTP 503' }),
    ];
    const text = timelineText({ ...entries[4]!, createdAt: entries[0]!.at }, entries, 'Europe/Athens');
    const details = text
      .split('\n')
      .filter((l) => l.startsWith('2023-11-09 '))
      .map((l) => l.split(/\s{2,}/)[3] ?? '');
    // 08:00 UTC is 10:00 in Athens.
    expect(details).toEqual([
      'planned for 2023-11-10 10:00',
      'planned for 2023-11-10 10:00',
      'approved',
      '',
      'transient: HTTP 503',
    ]);
  });

  it('after a retry, the attempts of this round and of every round: "after 1 attempt, 4 in all"', () => {
    const at = (minute: number) => `2023-11-09T12:${String(minute).padStart(2, '0')}:00.000Z`;
    const round = (from: number, attempts: number, last: LogEntry['state']) =>
      Array.from({ length: attempts }, (_, i) => [
        logEntry({ at: at(from + 2 * i), state: 'publishing', attempt: i + 1 }),
        logEntry({ at: at(from + 2 * i + 1), state: i + 1 < attempts ? 'scheduled' : last, attempt: i + 1 }),
      ]).flat();
    const first = round(0, 3, 'failed');
    const retried = [
      logEntry({ at: at(10), attempt: 0, note: 'retry after failed', actor: 'web:maria' }),
      ...round(11, 1, 'published'),
    ];
    const timeline = [...first, ...retried];
    const record = { ...timeline.at(-1)!, createdAt: first[0]!.at };
    expect(timelineText(record, timeline, 'Europe/Athens')).toContain(
      '  state     published after 1 attempt, 4 in all',
    );
    // Without a retry, one count says it.
    const once = round(0, 2, 'published');
    expect(timelineText({ ...once.at(-1)!, createdAt: once[0]!.at }, once, 'Europe/Athens')).toMatch(
      /^ {2}state {5}published after 2 attempts$/m,
    );
  });

  it("a failed post says why under its state, in the platform's words", () => {
    const failed = logEntry({
      state: 'failed',
      attempt: 1,
      errorKind: 'rejected',
      errorMessage: 'Facebook answered 400 (code 100): (#100) Invalid parameter',
    });
    const text = timelineText({ ...failed, createdAt: failed.at }, [failed], 'Europe/Athens');
    expect(text).toMatch(
      /^ {2}state {5}failed after 1 attempt\n {2}error {5}rejected: Facebook answered 400 \(code 100\): \(#100\) Invalid parameter$/m,
    );
    const published = logEntry({ state: 'published', attempt: 1 });
    expect(timelineText({ ...published, createdAt: published.at }, [published], 'Europe/Athens')).not.toContain(
      'error ',
    );
  });

  it('names the platform as people call it: X, not the stored twitter', () => {
    const published = logEntry({ state: 'published', attempt: 1, platform: 'twitter' });
    const text = timelineText({ ...published, createdAt: published.at }, [published], 'Europe/Athens');
    expect(text).toMatch(/channel {3}\S+ \(X, /);
  });

  it('shows the whole timeline of a post: planned, attempts with errors, published with link', async () => {
    const run = await runInProcess(['--config', main.config, 'show', 'haskovo.facebook-secon.bg.recap']);
    expect(run.error).toBeUndefined();
    const timeline = run.stdout.slice(run.stdout.indexOf('Timeline'));
    expect(timeline).toMatch(/Timeline \(5 entries\)/);
    expect(
      timeline
        .split('\n')
        .filter((l) => /^2023-11-13 /.test(l))
        .map((l) => l.split(/\s{2,}/)[1]),
    ).toEqual(['scheduled', 'publishing', 'scheduled', 'publishing', 'published']);
    expect(timeline).toContain('transient: HTTP 503');
    expect(timeline).toContain('https://example.test/facebook-secon/bg');
    expect(run.stdout).toContain('planned   2023-11-13 09:');
    const data = await json<{ record: PostRecord; timeline: unknown[] }>([
      'show',
      'haskovo.facebook-secon.bg.recap',
      '--json',
    ]);
    expect(data.record.state).toBe('published');
    expect(data.timeline).toHaveLength(5);
    const missing = await runInProcess(['--config', main.config, 'show', 'nope']);
    expect(missing.error).toBeInstanceOf(InputError);
    expect((missing.error as Error).message).toMatch(/no post "nope"/);
  });
});

describe('secon-bot report', () => {
  it("without --since reports the last twelve months, this one included, as the desk's Report page does", async () => {
    const report = await json<{ since: string; until: string }>(['report', '--format', 'json']);
    // The month the report ended in (read off its own `until`: a month can turn while it runs).
    const monthStart = DateTime.fromISO(report.until).setZone('Europe/Athens').startOf('month');
    expect(report.since).toBe(monthStart.minus({ months: 11 }).toUTC().toISO());
    expect(Date.now() - Date.parse(report.until)).toBeLessThan(60_000);
    const table = await runInProcess(['--config', main.config, 'report']);
    expect(table.error).toBeUndefined();
  });

  it('counts posts per month, platform, language, kind and state, with the failure reasons', async () => {
    const report = await json<{
      posts: number;
      byMonth: Record<string, number>;
      byPlatform: Record<string, number>;
      byLanguage: Record<string, number>;
      byState: Record<string, number>;
      byKind: Record<string, number>;
      failures: Array<{ platform: string; errorKind: string; attempts: number; posts: number }>;
    }>(['report', '--since', '2023-11', '--until', '2023-12', '--format', 'json']);
    expect(report.posts).toBe(8);
    expect(report.byMonth).toEqual({ '2023-11': 8 });
    expect(report.byPlatform).toEqual({ facebook: 4, twitter: 4 });
    expect(report.byLanguage).toEqual({ bg: 2, el: 2, en: 2, pl: 2 });
    expect(report.byState).toEqual({ published: 7, failed: 1 });
    expect(report.byKind).toEqual({ recap: 8 });
    expect(report.failures).toEqual([
      { platform: 'facebook', errorKind: 'transient', message: 'HTTP 503', attempts: 4, posts: 4 },
      { platform: 'twitter', errorKind: 'transient', message: 'HTTP 503', attempts: 3, posts: 3 },
      {
        platform: 'twitter',
        errorKind: 'rejected',
        message: 'Text too long, "weighted" 312/280',
        attempts: 1,
        posts: 1,
      },
    ]);
    const outside = await json<{ posts: number }>([
      'report',
      '--since',
      '2023-12',
      '--until',
      '2024-01',
      '--format',
      'json',
    ]);
    expect(outside.posts).toBe(0);
    // What went out, as a programme report asks: --state published, said in the JSON as in the table.
    const wentOut = ['report', '--since', '2023-11', '--until', '2023-12', '--state', 'published'];
    const published = await json<{ posts: number; byState: Record<string, number>; filter?: object }>([
      ...wentOut,
      '--format',
      'json',
    ]);
    expect(published).toMatchObject({ posts: 7, byState: { published: 7 }, filter: { state: ['published'] } });
    const publishedTable = await runInProcess(['--config', main.config, ...wentOut]);
    expect(publishedTable.stdout).toContain('Counted only: state published');
    const badState = await runInProcess(['--config', main.config, 'report', '--state', 'posted']);
    expect(badState.error).toBeInstanceOf(InputError);
    expect((badState.error as Error).message).toMatch(/--state: unknown value "posted"/);

    const csv = await runInProcess([
      '--config',
      main.config,
      'report',
      '--since',
      '2023-11',
      '--until',
      '2023-12',
      '--format',
      'csv',
      '--bom',
    ]);
    const rows = parse(csv.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.section === 'state' && r.key === 'published')?.count).toBe('7');
    // Per month too, as the desk's Report counts them (in the project's zone).
    expect(rows.filter((r) => r.section === 'month').map((r) => [r.key, r.count])).toEqual([['2023-11', '8']]);
    expect(rows.find((r) => r.section === 'failure' && r.key === 'twitter rejected')?.detail).toBe(
      'Text too long, "weighted" 312/280',
    );
    const table = await runInProcess(['--config', main.config, 'report', '--since', '2023-11', '--until', '2023-12']);
    expect(table.stdout).toMatch(/Failure reasons/);
    expect(table.stdout).toMatch(/^MONTH +POSTS\n-+ +-+\n2023-11 +8$/m);
    // Not narrowed: no word of a filter anywhere.
    expect(report).not.toHaveProperty('filter');
    expect(rows.some((r) => r.section === 'filter')).toBe(false);
    expect(table.stdout).not.toContain('Counted only');
  });

  it('--channel, --platform, --language as history has them; every format says what was counted', async () => {
    const period = ['report', '--since', '2023-11', '--until', '2023-12'];
    const onX = await json<{
      posts: number;
      filter: unknown;
      byPlatform: Record<string, number>;
      failures: Array<{ platform: string }>;
    }>([...period, '--channel', 'x-secon', '--json']);
    expect(onX.posts).toBe(4);
    expect(onX.byPlatform).toEqual({ twitter: 4 });
    expect(onX.filter).toEqual({ channel: ['x-secon'] });
    expect(new Set(onX.failures.map((f) => f.platform))).toEqual(new Set(['twitter']));

    // The same option parsers as history: x is twitter, lists comma-separated or repeated.
    const narrow = await json<{ posts: number; byLanguage: Record<string, number>; filter: unknown }>([
      ...period,
      '--platform',
      'x',
      '--language',
      'bg',
      '--language',
      'el',
      '--format',
      'json',
    ]);
    expect(narrow.posts).toBe(2);
    expect(narrow.byLanguage).toEqual({ bg: 1, el: 1 });
    expect(narrow.filter).toEqual({ platform: ['twitter'], language: ['bg', 'el'] });

    const table = await runInProcess(['--config', main.config, ...period, '--channel', 'x-secon,facebook-secon']);
    expect(table.error).toBeUndefined();
    expect(table.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^Posts from 2023-11-01 00:00 to 2023-12-01 00:00 \(.*\): 8$/),
      'Counted only: channel x-secon, facebook-secon',
    ]);
    // People read X where the log stores twitter: in what is counted and in the platform table.
    const byX = await runInProcess(['--config', main.config, ...period, '--platform', 'x']);
    expect(byX.stdout).toContain('Counted only: platform X');
    expect(byX.stdout).toMatch(/^PLATFORM +POSTS\n[─-]+ +[─-]+\nX +4$/m);
    const csv = await runInProcess(['--config', main.config, ...period, '--language', 'pl', '--format', 'csv']);
    const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.slice(0, 2)).toEqual([
      expect.objectContaining({ section: 'total', count: '2' }),
      { section: 'filter', key: 'language', detail: 'pl', count: '', posts: '' },
    ]);

    for (const [args, message] of [
      [['--channel', 'no-such-channel'], /--channel: unknown channel "no-such-channel"/],
      [['--platform', 'mastodon'], /--platform: unknown value "mastodon"/],
      [['--language', 'Greek'], /--language: "Greek" is not a language code/],
    ] as Array<[string[], RegExp]>) {
      const run = await runInProcess(['--config', main.config, ...period, ...args]);
      expect(run.error, args.join(' ')).toBeInstanceOf(InputError);
      expect((run.error as Error).message).toMatch(message);
    }
  });
});

describe('secon-bot history export / import', () => {
  it('says at once which imported posts still to go out cannot (no payload: the export holds the log), in import and agenda, until their news is scheduled again', async () => {
    const source = uniquePrefix('cli');
    const target = uniquePrefix('cli');
    prefixes.push(source, target);
    const [sourceConfig, targetConfig] = [configFile(source), configFile(target)];
    const news = join(dir, 'stranded.md');
    const title = ['--title', 'Partner meeting in Riga', '--summary', 'SECON partners meet in Riga.'];
    expect(
      (await runInProcess(['new', 'announcement', ...title, '--id', 'riga-stranded', '-o', news])).error,
    ).toBeUndefined();
    expect((await runInProcess(['--config', sourceConfig, 'schedule', news])).error).toBeUndefined();
    const file = join(dir, 'stranded.ndjson');
    expect((await runInProcess(['--config', sourceConfig, 'history', 'export', '-o', file])).error).toBeUndefined();

    const imported = await runInProcess(['--config', targetConfig, 'history', 'import', file]);
    expect(imported.error).toBeUndefined();
    expect(imported.stderr).toMatch(/9 posts of 1 news item cannot go out: .*history import/);
    expect(imported.stderr).toContain('`secon-bot cancel --news riga-stranded`');
    type Agenda = { posts: Array<{ postId: string }>; cannotGoOut?: string[] };
    const agenda = async () =>
      JSON.parse((await runInProcess(['--config', targetConfig, 'agenda', '--json'])).stdout) as Agenda;
    const before = await agenda();
    expect(before.posts).toHaveLength(9);
    expect([...before.cannotGoOut!].sort()).toEqual(before.posts.map((p) => p.postId).sort());
    const table = await runInProcess(['--config', targetConfig, 'agenda']);
    expect(table.stdout).toMatch(
      /scheduled \(no payload\) +announcement +en +riga-stranded\.x-secon\.en\.announcement/,
    );
    expect(table.stdout).toContain('cannot go out');

    // The way out the note gives: the news scheduled again gives the posts their payloads.
    expect((await runInProcess(['--config', targetConfig, 'schedule', news])).error).toBeUndefined();
    const after = await agenda();
    expect(after.posts).toHaveLength(9);
    expect(after.cannotGoOut).toBeUndefined();
    // The source's own posts were never in doubt.
    const sourceAgenda = await runInProcess(['--config', sourceConfig, 'agenda', '--json']);
    expect(JSON.parse(sourceAgenda.stdout).cannotGoOut).toBeUndefined();
  });

  it('restores into an empty prefix, identically; twice adds nothing; a broken line imports nothing', async () => {
    const file = join(dir, 'export.ndjson');
    const exported = await runInProcess(['--config', main.config, 'history', 'export', '--output', file]);
    expect(exported.error).toBeUndefined();
    expect(exported.stderr).toMatch(/exported 38 log entries/);

    const target = uniquePrefix('cli');
    prefixes.push(target);
    const targetConfig = configFile(target);
    const first = await runInProcess(['--config', targetConfig, 'history', 'import', file, '--json']);
    expect(JSON.parse(first.stdout)).toEqual({ entries: 38, imported: 38, skipped: 0 });
    const second = await runInProcess(['--config', targetConfig, 'history', 'import', file]);
    expect(second.stdout).toMatch(/imported 0 of 38 log entries \(38 already present\)/);

    const original = await runInProcess(['--config', main.config, 'history', '--format', 'ndjson']);
    const restored = await runInProcess(['--config', targetConfig, 'history', '--format', 'ndjson']);
    expect(restored.stdout).toBe(original.stdout);
    const showA = await runInProcess(['--config', main.config, 'show', 'haskovo.x-secon.el.recap', '--json']);
    const showB = await runInProcess(['--config', targetConfig, 'show', 'haskovo.x-secon.el.recap', '--json']);
    expect(showB.stdout).toBe(showA.stdout);
    const reexport = await runInProcess(['--config', targetConfig, 'history', 'export']);
    expect(reexport.stdout).toBe(readFileSync(file, 'utf8'));

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[11] = '{"postId": "half a line';
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, lines.join('\n'));
    const empty = uniquePrefix('cli');
    prefixes.push(empty);
    const bad = await runInProcess(['--config', configFile(empty), 'history', 'import', broken]);
    expect(bad.error).toBeInstanceOf(InputError);
    expect((bad.error as Error).message).toMatch(
      /broken\.ndjson: 1 problem found; nothing was imported\n\s+- line 12: not valid JSON/,
    );
    expect(await redis.keys(keyPattern(empty))).toEqual([]);
    // --json says so on stdout too, with each problem.
    const badJson = await runInProcess(['--config', configFile(empty), 'history', 'import', broken, '--json']);
    expect(badJson.error).toBeInstanceOf(InputError);
    expect(JSON.parse(badJson.stdout)).toEqual({
      imported: 0,
      error: `cannot import ${broken}: 1 problem found; nothing was imported`,
      problems: [expect.stringMatching(/^line 12: not valid JSON/)],
    });
  });
});
