import type { Redis } from 'ioredis';
import type { Platform } from '../src/config/config-schema.ts';
import { hashText, type LogEntry } from '../src/log/log-entry.ts';
import type { RedisPublishingLog } from '../src/log/redis-publishing-log.ts';
import type { PostState } from '../src/posts/post.ts';

/**
 * A publishing log grown the way a real one grows — chronologically, at a steady number of posts a
 * day, three channels, several languages and scripts — for the log and review desk benchmarks.
 */

export const POSTS_PER_DAY = 80;
export const START = Date.parse('2023-01-01T00:00:00Z');
export const DAY = 86_400_000;
const WRITE_BATCH = 2000;
const CHANNELS: Array<[string, Platform, string[]]> = [
  ['x-secon', 'twitter', ['en']],
  ['linkedin-secon', 'linkedin', ['en']],
  ['facebook-secon', 'facebook', ['en', 'de', 'el', 'bg', 'ro', 'pl', 'pt', 'lv', 'es', 'nl']],
];
/** Texts of a realistic length, several scripts (Greek and Bulgarian take 2 bytes a letter). */
const TEXTS: Record<string, string> = {
  en: 'Partners from nine regions met in Haskovo to compare how social economy enterprises are supported, from public procurement to training for young founders. Read the summary and the next steps on our website.',
  el: 'Εταίροι από εννέα περιφέρειες συναντήθηκαν στο Χάσκοβο για να συγκρίνουν πώς στηρίζονται οι επιχειρήσεις κοινωνικής οικονομίας. Διαβάστε τη σύνοψη στον ιστότοπό μας.',
  bg: 'Партньори от девет региона се срещнаха в Хасково, за да сравнят как се подкрепят предприятията на социалната икономика. Прочетете обобщението на нашия уебсайт.',
  de: 'Partner aus neun Regionen trafen sich in Haskovo, um zu vergleichen, wie Sozialunternehmen unterstützt werden – von der Vergabe bis zur Gründerschulung. Mehr auf unserer Website.',
};

/** The entries of post number `n`, oldest first: scheduled, publishing, sometimes a transient failure and a retry, then published (or failed). */
export function postEntries(n: number): LogEntry[] {
  const [channel, platform, languages] = CHANNELS[n % CHANNELS.length]!;
  const language = languages[Math.floor(n / CHANNELS.length) % languages.length]!;
  const text = `${TEXTS[language] ?? TEXTS.en!} #${n}`;
  const planned = START + Math.floor((n * DAY) / POSTS_PER_DAY);
  const base = {
    postId: `news-${Math.floor(n / 12)}.${channel}.${language}.${n % 5 === 0 ? 'recap' : 'announcement'}.${n}`,
    newsId: `news-${Math.floor(n / 12)}`,
    channel,
    platform,
    language,
    kind: (n % 5 === 0 ? 'recap' : 'announcement') as LogEntry['kind'],
    plannedAt: new Date(planned).toISOString(),
    text,
    textHash: hashText(text),
  };
  const at = (ms: number) => new Date(planned + ms).toISOString();
  const out: LogEntry[] = [
    { ...base, at: at(-DAY), attempt: 0, state: 'scheduled', actor: 'cli:schedule' },
    { ...base, at: at(0), attempt: 1, state: 'publishing', actor: 'worker-1' },
  ];
  let attempt = 1;
  if (n % 10 === 3) {
    out.push({
      ...base,
      at: at(1000),
      attempt,
      state: 'scheduled',
      errorKind: 'transient',
      errorMessage: 'HTTP 503 Service Unavailable',
    });
    attempt++;
    out.push({ ...base, at: at(60_000), attempt, state: 'publishing', actor: 'worker-2' });
  }
  const final: PostState = n % 33 === 7 ? 'failed' : 'published';
  out.push(
    final === 'published'
      ? {
          ...base,
          at: at(61_000),
          attempt,
          state: final,
          platformPostId: `17230${n}`,
          url: `https://example.test/${channel}/posts/17230${n}`,
        }
      : {
          ...base,
          at: at(61_000),
          attempt,
          state: final,
          errorKind: 'rejected',
          errorMessage: 'The text is too long for this platform',
        },
  );
  return out;
}

/** Grows the log until it holds at least `target` entries; returns the next post number and the entry count. */
export async function grow(
  redis: Redis,
  log: RedisPublishingLog,
  from: { post: number; entries: number },
  target: number,
): Promise<{ post: number; entries: number }> {
  let { post, entries } = from;
  while (entries < target) {
    const pipeline = redis.pipeline();
    let queued = 0;
    while (queued < WRITE_BATCH && entries + queued < target) {
      for (const entry of postEntries(post)) {
        log.queueAppend(pipeline, entry);
        queued++;
      }
      post++;
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    entries += queued;
  }
  return { post, entries };
}
