import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { loadSources } from '../../src/news/load-sources.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'secon-new-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DryRun {
  items: Array<{
    status: string;
    id?: string;
    posts: Array<{ kind: string; channel: string }>;
    rejection?: { issues?: Array<{ field?: string }> };
  }>;
}

describe('secon-bot new', () => {
  it('writes an announcement dated from today that ingest accepts with its posts', async () => {
    const file = join(dir, 'riga.md');
    const wrote = await runCli([
      'new',
      'announcement',
      '--title',
      'Partner meeting in Riga',
      '--summary',
      'SECON partners meet in Riga.',
      '-o',
      file,
      '--json',
    ]);
    expect(wrote.code, wrote.stderr).toBe(0);
    const made = JSON.parse(wrote.stdout) as { id: string; published: string; event: { start: string } };
    expect(made.id).toBe('partner-meeting-in-riga');
    // `published` is now in Athens time; the event's day is read off it, not off a "today" the test
    // reads after the command (which could fall on the other side of midnight).
    const today = DateTime.fromISO(made.published, { setZone: true });
    expect(Math.abs(Date.now() - today.toMillis())).toBeLessThan(60_000);
    expect(today.offset).toBe(DateTime.fromMillis(today.toMillis(), { zone: 'Europe/Athens' }).offset);
    expect(made.event.start.slice(0, 10)).toBe(today.plus({ days: 14 }).toISODate());
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^id: partner-meeting-in-riga\s+# part of every post id/m);
    expect(text).toMatch(/^# images:/m);
    // The comments read as one column, whatever was filled in (a long id or zone used to push its
    // comment out of line); only a line longer than the column puts its comment further right.
    const columns = text.split('\n').flatMap((line) => {
      const commented = /^(.*?\S) {2,}# /.exec(line);
      return commented && commented[1]!.length < 29 ? [line.indexOf('# ', commented[1]!.length)] : [];
    });
    expect(columns.length).toBeGreaterThanOrEqual(10);
    expect(new Set(columns)).toEqual(new Set([32]));
    const checked = await runCli(['ingest', file, '--dry-run', '--json']);
    expect(checked.code, checked.stderr).toBe(0);
    const [item] = (JSON.parse(checked.stdout) as DryRun).items;
    expect(item!.status).toBe('accepted');
    expect(item!.posts.map((p) => p.kind)).toEqual(expect.arrayContaining(['announcement', 'reminder', 'event-day']));
  });

  it('leaves the fields to fill in empty, so an unfinished skeleton is rejected naming them', async () => {
    const file = join(dir, 'todo.md');
    const wrote = await runCli(['new', 'news', '--language', 'de', '--translations', 'en,bg', '-o', file]);
    expect(wrote.code).toBe(0);
    expect(wrote.stdout).toContain('next: fill in the "" fields');
    // Outside the working directory the full path, not "../../tmp/…".
    expect(wrote.stdout).toContain(`wrote ${file} (`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^language: de /m);
    expect(text).toMatch(/^ {2}en:\n {4}title: ""/m);
    expect(text).toMatch(/^ {2}bg:\n {4}title: ""/m);
    expect(text).not.toMatch(/^event:/m);
    const checked = await runCli(['ingest', file, '--dry-run', '--json']);
    expect(checked.code).toBe(2);
    const fields = (JSON.parse(checked.stdout) as DryRun).items[0]!.rejection!.issues!.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining(['title', 'summary', 'translations.en.title', 'translations.bg.summary']),
    );
  });

  it("says where the story goes in a comment, so a hint left in is not taken as the item's body", async () => {
    const file = join(dir, 'story.md');
    const args = ['--language', 'de', '--title', 'Treffen in Riga', '--summary', 'Die Partner treffen sich in Riga.'];
    expect((await runCli(['new', 'news', ...args, '-o', file])).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^<!-- Under this line: the whole story \(Markdown; .*\)\. -->$/m);
    const config = loadConfig('secon-bot.yaml');
    const untouched = await loadSources([file], { config });
    expect(untouched.rejected).toEqual([]);
    expect(untouched.items[0]!.item.body ?? '').toBe('');
    // The story written under it is the body, without the hint.
    writeFileSync(file, `${text}Die Partner aus neun Regionen **treffen** sich.\n`);
    const written = await loadSources([file], { config });
    expect(written.items[0]!.item.body).toBe('Die Partner aus neun Regionen treffen sich.');
  });

  it('a recap looks back; -o - prints; an existing file is kept unless --force', async () => {
    const printed = await runCli(['new', 'recap', '--in', '3', '-o', '-']);
    expect(printed.code).toBe(0);
    const published = /^published: (\S+)/m.exec(printed.stdout)?.[1] ?? '';
    const day = DateTime.fromISO(published, { setZone: true }).minus({ days: 3 }).toISODate();
    expect(printed.stdout).toContain(`start: ${day}T10:00:00`);
    const file = join(dir, 'kept.md');
    expect((await runCli(['new', 'news', '-o', file])).code).toBe(0);
    const again = await runCli(['new', 'news', '-o', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; choose another file with -o, or --force');
    expect((await runCli(['new', 'news', '-o', file, '--force'])).code).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it("writes the event's times in its own zone, with its location, so a Polish event is accepted as written", async () => {
    const file = join(dir, 'warsaw.md');
    const wrote = await runCli([
      'new',
      'recap',
      '--language',
      'pl',
      '--translations',
      'en',
      '--timezone',
      'Europe/Warsaw',
      '--location',
      'Warszawa, Polska',
      '--title',
      'Wizyta studyjna w Warszawie',
      '--summary',
      'Partnerzy SECON odwiedzili trzy spółdzielnie socjalne.',
      '-o',
      file,
      '--json',
    ]);
    expect(wrote.code, wrote.stderr).toBe(0);
    const made = JSON.parse(wrote.stdout) as { event: { start: string; timezone: string } };
    expect(made.event.timezone).toBe('Europe/Warsaw');
    // 10:00 in Warsaw, at Warsaw's offset (Athens' 10:00 would be 09:00 there and is refused).
    const start = DateTime.fromISO(made.event.start, { setZone: true });
    expect(start.toFormat('HH:mm')).toBe('10:00');
    expect(start.offset).toBe(start.setZone('Europe/Warsaw').offset);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^ {2}location: "Warszawa, Polska"$/m);
    expect(text).toMatch(/^ {2}timezone: Europe\/Warsaw /m);
    // Each translation offers its own hashtags (without them the item's Polish tags are left out).
    expect(text).toMatch(/^ {2}en:\n(?: {4}.*\n)* {4}# hashtags: \[\]/m);
    writeFileSync(
      file,
      text
        .replace(/^( {4}title: )""/m, '$1"Study visit in Warsaw"')
        .replace(/^( {4}summary: )""/m, '$1"Partners met."'),
    );
    const checked = await runCli(['ingest', file, '--dry-run', '--json']);
    expect(checked.code, checked.stdout).toBe(0);
    expect((JSON.parse(checked.stdout) as DryRun).items[0]!.status).toBe('accepted');
  });

  it("says when an event written in a partner's language gets the project's zone only because none was given, and its clocks differ", async () => {
    const day = DateTime.now().plus({ days: 40 }).toISODate();
    const german = await runCli(['new', 'announcement', '--language', 'de', '--on', `${day} 10:00`, '-o', '-']);
    expect(german.code, german.stderr).toBe(0);
    // The project is in Athens; Germany is an hour behind, winter and summer alike.
    expect(german.stderr).toBe(
      "secon-bot: note: the event's times are in Europe/Athens, the project's zone: 10:00 there is 09:00 in " +
        'Europe/Berlin; for an event in Germany, give its time zone (Europe/Berlin)\n',
    );
    expect(german.stdout).toMatch(
      /^ {2}timezone: Europe\/Athens +# the event's IANA time zone; in Germany: Europe\/Berlin$/m,
    );
    // Said nothing of: a zone that was given, a language whose country keeps Athens' clock, English.
    for (const args of [
      ['--language', 'de', '--timezone', 'Europe/Athens'],
      ['--language', 'bg'],
      ['--language', 'en'],
    ]) {
      const run = await runCli(['new', 'announcement', ...args, '--on', `${day} 10:00`, '-o', '-']);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stderr, args.join(' ')).toBe('');
    }
  });

  it('refuses an unknown time zone (naming the nearest) and an event zone for news that has no event', async () => {
    const typo = await runCli(['new', 'recap', '--timezone', 'Europe/Warsow', '-o', '-']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('timezone "Europe/Warsow": not a known time zone');
    expect(typo.stderr).toContain('did you mean Europe/Warsaw?');
    const news = await runCli(['new', 'news', '--location', 'Riga', '-o', '-']);
    expect(news.code).toBe(2);
    expect(news.stderr).toContain('location: a news item has no event');
  });

  it("--on writes the event's day and start time as given, in the event's zone; a day on the wrong side of today is refused", async () => {
    const day = DateTime.now().setZone('Europe/Riga').plus({ days: 40 }).toISODate();
    const wrote = await runCli(['new', 'announcement', '--on', `${day} 14:30`, '--timezone', 'Europe/Riga', '-o', '-']);
    expect(wrote.code, wrote.stderr).toBe(0);
    const start = /^ {2}start: (\S+)$/m.exec(wrote.stdout)?.[1];
    const end = /^ {2}end: (\S+)/m.exec(wrote.stdout)?.[1];
    const riga = (iso: string | undefined) => DateTime.fromISO(iso ?? '', { setZone: true });
    expect(riga(start).toFormat('yyyy-MM-dd HH:mm')).toBe(`${day} 14:30`);
    expect(riga(start).offset).toBe(riga(start).setZone('Europe/Riga').offset);
    expect(riga(end).toFormat('yyyy-MM-dd HH:mm')).toBe(`${day} 20:30`);
    // Day first, as people in the partner regions write it.
    const dotted = DateTime.fromISO(day!).toFormat('dd.MM.yyyy');
    const partner = await runCli([
      'new',
      'announcement',
      '--on',
      `${dotted} 09:15`,
      '--timezone',
      'Europe/Riga',
      '-o',
      '-',
    ]);
    expect(riga(/^ {2}start: (\S+)$/m.exec(partner.stdout)?.[1]).toFormat('yyyy-MM-dd HH:mm')).toBe(`${day} 09:15`);
    // A day alone starts at 10:00, as without --on.
    const dayOnly = await runCli(['new', 'announcement', '--on', day!, '--timezone', 'Europe/Riga', '-o', '-']);
    expect(riga(/^ {2}start: (\S+)$/m.exec(dayOnly.stdout)?.[1]).toFormat('HH:mm')).toBe('10:00');

    const past = DateTime.now().minus({ days: 3 }).toISODate();
    const refusals: Array<[string[], string]> = [
      [
        ['announcement', '--on', past!],
        `event day ${past}: the day has passed; an announcement is for an event ahead (a past one is a recap)`,
      ],
      [['recap', '--on', day!], `event day ${day}: the day is ahead; a recap is for an event that took place`],
      [
        ['recap', '--on', '2027-02-30'],
        'event day (--on): expected the event\'s day as 2027-01-20 (or 20.01.2027), or with its start time as "2027-01-20 14:30", got "2027-02-30"',
      ],
      [['recap', '--on', past!, '--in', '3'], '--on and --in: give one of them'],
      [['news', '--on', day!], 'event day: a news item has no event'],
    ];
    for (const [args, message] of refusals) {
      const run = await runCli(['new', ...args, '-o', '-']);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
    // A recap of three days ago is taken.
    expect((await runCli(['new', 'recap', '--on', past!, '-o', '-'])).code).toBe(0);
  });

  it('refuses an unknown kind or language with exit 2', async () => {
    expect((await runCli(['new', 'gossip'])).code).toBe(2);
    const language = await runCli(['new', 'news', '--language', 'xx', '-o', '-']);
    expect(language.code).toBe(2);
    expect(language.stderr).toContain('language "xx"');
    const country = await runCli(['new', 'news', '--translations', 'bg,gr', '-o', '-']);
    expect(country.code).toBe(2);
    expect(country.stderr).toContain('language "gr": not a known language; it is the country code of Greece');
  });
});
