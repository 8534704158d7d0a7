import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.ts';
import { hashText } from '../../src/log/log-entry.ts';
import { exportLog } from '../../src/log/log-export.ts';
import { importLog } from '../../src/log/log-import.ts';
import { RedisPublishingLog } from '../../src/log/redis-publishing-log.ts';
import { historyShowsClaim } from '../../src/publishing/live-text.ts';
import { keyPattern, redisKeys } from '../../src/redis/redis-keys.ts';
import { logEntry, minutesAfter } from '../helpers/log-entries.ts';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.ts';

let redis: Redis;
let dir: string;
const prefixes: string[] = [];
const T0 = '2023-11-13T07:00:00.000Z';

function prefix(): string {
  const p = uniquePrefix('imp');
  prefixes.push(p);
  return p;
}

/** A small but varied history: three posts, retries, a failure, texts in several scripts. */
async function fillLog(log: RedisPublishingLog): Promise<string[]> {
  const posts = [
    logEntry({
      postId: 'haskovo.facebook-secon.bg.recap',
      channel: 'facebook-secon',
      platform: 'facebook',
      language: 'bg',
      kind: 'recap',
      text: 'Работилница в Хасково:\nпартньори от девет държави обсъдиха социалната икономика.',
    }),
    logEntry({
      postId: 'haskovo.facebook-secon.el.recap',
      channel: 'facebook-secon',
      platform: 'facebook',
      language: 'el',
      kind: 'recap',
      text: 'Εργαστήριο στο Χάσκοβο — «κοινωνική οικονομία», δύο ημέρες.',
    }),
    logEntry({
      postId: 'haskovo.linkedin-secon.pl.announcement',
      channel: 'linkedin-secon',
      platform: 'linkedin',
      language: 'pl',
      text: 'Warsztaty w Haskowie, 13–14 listopada.',
    }),
  ];
  for (const [i, p] of posts.entries()) {
    const base = { ...p, newsId: 'haskovo' };
    await log.transition({ ...base, state: 'scheduled', at: minutesAfter(T0, i) }, [null]);
    await log.transition({ ...base, state: 'publishing', attempt: 1, at: minutesAfter(T0, 10 + i) }, ['scheduled']);
    if (i === 2) {
      await log.transition(
        {
          ...base,
          state: 'failed',
          attempt: 1,
          at: minutesAfter(T0, 11 + i),
          errorKind: 'rejected',
          errorMessage: 'Content is a duplicate, "quoted", with a comma',
        },
        ['publishing'],
      );
    } else {
      await log.transition(
        {
          ...base,
          state: 'scheduled',
          attempt: 1,
          at: minutesAfter(T0, 11 + i),
          errorKind: 'transient',
          errorMessage: 'HTTP 503',
        },
        ['publishing'],
      );
      await log.transition({ ...base, state: 'publishing', attempt: 2, at: minutesAfter(T0, 20 + i) }, ['scheduled']);
      await log.transition(
        {
          ...base,
          state: 'published',
          attempt: 2,
          at: minutesAfter(T0, 21 + i),
          url: `https://www.facebook.com/100093083107402/posts/${i}`,
        },
        ['publishing'],
      );
    }
  }
  return posts.map((p) => p.postId);
}

async function exportTo(log: RedisPublishingLog, file: string): Promise<number> {
  const out = createWriteStream(file);
  const { exported } = await exportLog(log, out, { pageSize: 4 });
  out.end();
  await finished(out);
  return exported;
}

/** The lines of an export of a freshly filled log, written to `name` (tests then break them). */
async function exportedLines(name: string): Promise<string[]> {
  const source = new RedisPublishingLog(redis, redisKeys(prefix()));
  await fillLog(source);
  const file = join(dir, name);
  await exportTo(source, file);
  return readFileSync(file, 'utf8').trimEnd().split('\n');
}

async function keysUnder(p: string): Promise<string[]> {
  return redis.keys(keyPattern(p));
}

beforeAll(() => {
  redis = testRedis();
  dir = mkdtempSync(join(tmpdir(), 'secon-log-'));
});
afterAll(async () => {
  for (const p of prefixes) await deletePrefix(redis, p);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
});

describe('export and import', () => {
  it('after a trim the export still holds every post, and the facts decisions rest on come back with it', async () => {
    const source = new RedisPublishingLog(redis, redisKeys(prefix()), { retentionDays: 1 });
    const post = (id: string) => logEntry({ postId: `riga.x-secon.en.${id}`, newsId: 'riga', kind: id as never });
    const at = (minutes: number) => minutesAfter(T0, minutes);
    // Old entries, removed by the trim below: a post published after its approval, and the
    // approval of a post that is still to go out.
    const done = post('announcement');
    await source.transition({ ...done, state: 'awaiting-approval', at: at(0) }, [null]);
    await source.transition({ ...done, state: 'scheduled', at: at(1), actor: 'web:maria', note: 'approved' }, [
      'awaiting-approval',
    ]);
    await source.transition({ ...done, state: 'publishing', attempt: 1, at: at(2) }, ['scheduled']);
    await source.transition(
      { ...done, state: 'published', attempt: 1, at: at(3), platformPostId: '19', url: 'https://x.com/s/19' },
      ['publishing'],
    );
    const waiting = post('reminder');
    await source.transition({ ...waiting, state: 'awaiting-approval', at: at(4) }, [null]);
    await source.transition({ ...waiting, state: 'scheduled', at: at(5), actor: 'cli:ana', note: 'approved' }, [
      'awaiting-approval',
    ]);
    // A post an attempt claimed, that went back to scheduled after a 5xx: its text may be live.
    const retried = post('news');
    await source.transition({ ...retried, state: 'scheduled', at: at(4) }, [null]);
    await source.transition({ ...retried, state: 'publishing', attempt: 1, at: at(5) }, ['scheduled']);
    await source.transition(
      { ...retried, state: 'scheduled', attempt: 1, at: at(6), errorKind: 'transient', errorMessage: 'HTTP 503' },
      ['publishing'],
    );
    await source.trim(new Date(Date.now() + 2 * 86_400_000));
    // Kept: the approved post moved, the claimed one moved, and a new post.
    await source.transition({ ...waiting, state: 'scheduled', at: at(6), note: 'rescheduled' }, ['scheduled']);
    await source.transition({ ...retried, state: 'scheduled', attempt: 1, at: at(7), note: 'rescheduled' }, [
      'scheduled',
    ]);
    const fresh = post('recap');
    await source.transition({ ...fresh, state: 'scheduled', at: at(7) }, [null]);

    const file = join(dir, 'trimmed.ndjson');
    const out = createWriteStream(file);
    const result = await exportLog(source, out);
    out.end();
    await finished(out);
    // The published post's record is all that is left of it: its current entry is exported.
    expect(result).toEqual({ exported: 4, currentOnly: [done.postId] });
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { postId: string; state: string; facts?: unknown; createdAt?: string });
    expect(lines.map((l) => [l.postId, l.state])).toEqual([
      [done.postId, 'published'],
      [waiting.postId, 'scheduled'],
      [retried.postId, 'scheduled'],
      [fresh.postId, 'scheduled'],
    ]);
    // When a post began rides on its current entry too, where its first entry is not in the file.
    expect(lines.map((l) => l.createdAt)).toEqual([at(0), at(4), at(4), undefined]);
    // Who approved a post and whether it was claimed ride on its current entry (readable in the file too).
    expect(lines[0]!.facts).toEqual({
      subjectToApproval: true,
      approval: { approvedBy: 'web:maria', approvedAt: at(1) },
      claimed: true,
    });
    expect(lines[3]!.facts).toBeUndefined();

    const target = new RedisPublishingLog(redis, redisKeys(prefix()));
    expect(await importLog(redis, target.keys, file)).toEqual({ entries: 4, imported: 4, skipped: 0 });
    const ids = [done.postId, waiting.postId, retried.postId, fresh.postId];
    expect(await target.facts(ids)).toEqual(await source.facts(ids));
    const published = await target.get(done.postId);
    expect(published).toMatchObject({ state: 'published', platformPostId: '19', url: 'https://x.com/s/19' });
    const created = async (log: RedisPublishingLog) => (await log.query({ order: 'asc' })).map((r) => r.createdAt);
    expect(await created(target)).toEqual(await created(source));
    // The restored post that was claimed is known to be: its text may be live (no edit, reconcile first).
    expect(await historyShowsClaim((await target.get(retried.postId))!, target)).toBe(true);

    // A file from before exports said when a post began: its record begins at the entry imported
    // first, and the claim its facts carried still counts.
    const older = join(dir, 'trimmed-older.ndjson');
    writeFileSync(older, lines.map(({ createdAt: _createdAt, ...line }) => `${JSON.stringify(line)}\n`).join(''));
    const fromOlder = new RedisPublishingLog(redis, redisKeys(prefix()));
    await importLog(redis, fromOlder.keys, older);
    const restored = (await fromOlder.get(retried.postId))!;
    expect(restored.createdAt).toBe(restored.at);
    expect(await historyShowsClaim(restored, fromOlder)).toBe(true);
  });

  it("refuses a line whose createdAt is after its entry's time, naming the line", async () => {
    const lines = await exportedLines('created-after.ndjson');
    const broken = JSON.parse(lines[1]!) as Record<string, unknown>;
    lines[1] = JSON.stringify({ ...broken, createdAt: minutesAfter(String(broken.at), 5) });
    const file = join(dir, 'created-after-broken.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const target = new RedisPublishingLog(redis, redisKeys(prefix()));
    const error = await importLog(redis, target.keys, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/line 2: createdAt: .* is after the entry's time/);
    expect(await keysUnder(target.keys.prefix)).toEqual([]);
  });

  it('export → empty prefix → import gives the identical history, and a second import adds nothing', async () => {
    const source = new RedisPublishingLog(redis, redisKeys(prefix()));
    const postIds = await fillLog(source);
    const file = join(dir, 'history.ndjson');
    const exported = await exportTo(source, file);
    expect(exported).toBe(await source.size());
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(exported);
    expect(JSON.parse(lines[0]!)).toHaveProperty('logId');

    const target = new RedisPublishingLog(redis, redisKeys(prefix()));
    expect(await importLog(redis, target.keys, file, { batchSize: 3 })).toEqual({
      entries: exported,
      imported: exported,
      skipped: 0,
    });
    for (const id of postIds) {
      expect(await target.timeline(id)).toEqual(await source.timeline(id));
      expect(await target.get(id)).toEqual(await source.get(id));
    }
    expect(await target.query({})).toEqual(await source.query({}));
    expect(await target.query({ state: ['failed'] })).toEqual(await source.query({ state: ['failed'] }));
    expect((await target.query({ language: ['bg', 'el'] })).map((r) => r.postId).sort()).toEqual(
      postIds.slice(0, 2).sort(),
    );

    const keysBefore = (await keysUnder(target.keys.prefix)).sort();
    expect(await importLog(redis, target.keys, file)).toEqual({
      entries: exported,
      imported: 0,
      skipped: exported,
    });
    expect(await target.size()).toBe(exported);
    expect((await keysUnder(target.keys.prefix)).sort()).toEqual(keysBefore);
    for (const id of postIds) expect(await target.timeline(id)).toEqual(await source.timeline(id));

    // New live entries after an import carry on from it.
    await target.transition(
      logEntry({
        ...(await target.get(postIds[2]!))!,
        state: 'scheduled',
        at: minutesAfter(T0, 60),
        note: 'requeued by a person',
      }),
      ['failed'],
    );
    expect((await target.timeline(postIds[2]!)).at(-1)?.note).toBe('requeued by a person');
  });

  it('refuses a line whose facts are not as an export writes them, naming the line and the field', async () => {
    const lines = await exportedLines('facts.ndjson');
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    lines[0] = JSON.stringify({
      ...entry,
      facts: {
        subjectToApproval: true,
        approval: { approvedBy: 'web:maria', approvedAt: 'yesterday' },
        claimed: false,
      },
    });
    const bad = join(dir, 'bad-facts.ndjson');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const target = new RedisPublishingLog(redis, redisKeys(prefix()));
    const error = await importLog(redis, target.keys, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).details.join('\n')).toContain(
      'line 1: facts.approval.approvedAt: expected an ISO 8601 date-time with a zone',
    );
    expect(await target.size()).toBe(0);
  });

  it('says what a hand-edited line got wrong in words: missing, unknown (with the field meant), the wrong value', async () => {
    const lines = await exportedLines('words.ndjson');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    const { channel: _channel, state, ...rest } = first;
    lines[0] = JSON.stringify({ ...rest, stat: state, attempt: 'two', platform: 'mastodon' });
    const bad = join(dir, 'bad-words.ndjson');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const error = await importLog(redis, redisKeys(prefix()), bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const details = (error as InputError).details;
    expect(details).toContain('line 1: channel: missing; expected text');
    expect(details).toContain('line 1: stat: unknown field; did you mean state?');
    expect(details).toContain('line 1: attempt: expected a number, got "two"');
    expect(details).toContainEqual(
      expect.stringMatching(/^line 1: state: missing; expected one of "draft", .*"published"/),
    );
    expect(details).toContainEqual(
      expect.stringMatching(/^line 1: platform: expected one of "facebook", "linkedin", "twitter", got "mastodon"$/),
    );
    expect(details.join('\n')).not.toMatch(/Invalid input|Unrecognized key|received/);
  });

  it('rejects a file with a broken line, naming the line, and imports nothing', async () => {
    const lines = await exportedLines('good.ndjson');

    const cases: Array<[string, (l: string[]) => void, RegExp]> = [
      [
        'cut JSON',
        (l) => {
          l[5] = l[5]!.slice(0, 40);
        },
        /line 6: not valid JSON/,
      ],
      [
        'bad state',
        (l) => {
          l[8] = l[8]!
            .replace('"state":"published"', '"state":"posted"')
            .replace('"state":"scheduled"', '"state":"posted"')
            .replace('"state":"publishing"', '"state":"posted"');
        },
        /line 9: state: /,
      ],
      [
        'unknown field',
        (l) => {
          l[2] = l[2]!.replace('{', '{"colour":"red",');
        },
        /line 3: .*colour/,
      ],
      [
        'a text edited without its hash',
        (l) => {
          const entry = JSON.parse(l[6]!) as { text: string };
          entry.text = `${entry.text} (edited)`;
          l[6] = JSON.stringify(entry);
        },
        /line 7: textHash: [0-9a-f]{64} is not the sha256 of the entry's text; expected [0-9a-f]{64}/,
      ],
      [
        'a javascript: link',
        (l) => {
          const index = l.findIndex((line) => line.includes('"url"'));
          l[index] = l[index]!.replace(/"url":"[^"]*"/, '"url":"javascript:alert(document.cookie)"');
        },
        /line \d+: url: expected an http\(s\) URL of the live post/,
      ],
      [
        'out of order',
        (l) => {
          [l[3], l[4]] = [l[4]!, l[3]!];
        },
        /line 5: log id .* is not after/,
      ],
    ];
    for (const [label, mutate, message] of cases) {
      const copy = [...lines];
      mutate(copy);
      const file = join(dir, `bad-${label.replace(/ /g, '-')}.ndjson`);
      writeFileSync(file, `${copy.join('\n')}\n`);
      const target = prefix();
      const error = await importLog(redis, redisKeys(target), file).catch((e: unknown) => e);
      expect(error, label).toBeInstanceOf(InputError);
      expect((error as Error).message, label).toMatch(message);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(/nothing was imported/);
      expect(await keysUnder(target), label).toEqual([]);
    }
  });

  it('refuses bytes that are not UTF-8 with their offset and line, and imports nothing', async () => {
    const source = new RedisPublishingLog(redis, redisKeys(prefix()));
    await fillLog(source);
    const good = join(dir, 'utf8.ndjson');
    await exportTo(source, good);
    const bytes = readFileSync(good);
    // The first byte of line 4's text becomes a Latin-1 "é" (0xE9), which UTF-8 does not allow there.
    const lines = bytes.toString('utf8').split('\n');
    const before = Buffer.byteLength(`${lines.slice(0, 3).join('\n')}\n`);
    const at = before + Buffer.byteLength(lines[3]!.slice(0, lines[3]!.indexOf('"text":"') + 8));
    const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe9]), bytes.subarray(at + 1)]);
    const file = join(dir, 'latin1.ndjson');
    writeFileSync(file, broken);
    const target = prefix();
    const error = await importLog(redis, redisKeys(target), file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `cannot import ${file}: not valid UTF-8: byte 0xE9 at byte offset ${at} (line 4); expected the text saved as UTF-8; nothing was imported`,
    );
    expect(await keysUnder(target)).toEqual([]);
  });

  it("reads files whose characters straddle the reader's chunks (a long history in many scripts)", async () => {
    const source = new RedisPublishingLog(redis, redisKeys(prefix()));
    // ~200 KB of multi-byte text, so the 64 KB chunks of the file reader cut through characters.
    const text = 'Хасково «κοινωνική οικονομία» 社会的経済 🙂 '.repeat(1500);
    await source.append(logEntry({ text, textHash: hashText(text) }));
    const file = join(dir, 'big.ndjson');
    await exportTo(source, file);
    const target = new RedisPublishingLog(redis, redisKeys(prefix()));
    expect(await importLog(redis, target.keys, file)).toMatchObject({ imported: 1 });
    expect((await target.query({}))[0]!.text).toBe(text);
  });

  it('refuses to mix a file into a prefix that holds a different history', async () => {
    const a = new RedisPublishingLog(redis, redisKeys(prefix()));
    await fillLog(a);
    const file = join(dir, 'a.ndjson');
    await exportTo(a, file);
    // A target that was written after the export, so its ids are newer than every line.
    const b = new RedisPublishingLog(redis, redisKeys(prefix()));
    await b.append(logEntry({ state: 'draft' }));
    const error = await importLog(redis, b.keys, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/line 1: .*different history/);
    expect(await b.size()).toBe(1);
  });

  it('names a missing file', async () => {
    await expect(importLog(redis, redisKeys(prefix()), join(dir, 'nope.ndjson'))).rejects.toThrow(
      /cannot read import file .*nope.ndjson: ENOENT/,
    );
  });
});
