import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Config } from '../../src/config/config-schema.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { hashText } from '../../src/log/log-entry.ts';
import { parseLogLine } from '../../src/log/log-import.ts';
import { parseCsvItems } from '../../src/news/csv-source.ts';
import { FeedFormatError } from '../../src/news/feed-format-error.ts';
import { parseFeed } from '../../src/news/feed-parser.ts';
import { parseJsonItems } from '../../src/news/json-source.ts';
import type { LocalImageCheck } from '../../src/news/local-image.ts';
import { parseMarkdownItem } from '../../src/news/markdown-source.ts';
import { itemLanguages, type NewsItem } from '../../src/news/news-item.ts';
import { FIELD_LIMITS } from '../../src/news/news-limits.ts';
import type { Rejection } from '../../src/news/rejection.ts';
import { type Candidate, type ValidateContext, validateCandidate } from '../../src/news/validate-item.ts';
import { PLATFORM_LIMITS } from '../../src/platforms/platform-limits.ts';
import type { PostKind } from '../../src/posts/post.ts';
import { createRenderer, type PostRenderer, TemplateError } from '../../src/templates/post-renderer.ts';
import { measureText } from '../../src/templates/text-measure.ts';
import { fieldText, LONG_WORD_MAX, mutatedText } from './fuzz-inputs.ts';

/** What one input came to: items accepted, refusals (the project's rejections), posts rendered and checked. */
export interface FuzzOutcome {
  accepted: number;
  refused: number;
  posts: number;
  /** Posts the renderer refused with its own error (a TemplateError saying why the post cannot fit). */
  renderRefused: number;
  /**
   * Posts held for a person (`hold`: they go to awaiting-approval, never out on their own); they may be over the limit.
   */
  held: number;
  /** The renderer's reasons, as it gave them. */
  renderReasons?: string[];
}

/**
 * One parser (or the renderer) under fuzzing. `run` throws on a broken promise: an exception that
 * is not the project's refusal, a rejection that does not name its source, a post over its
 * platform's limit. `examples` run before the random inputs.
 */
export interface FuzzTarget<T = unknown> {
  name: string;
  input: fc.Arbitrary<T>;
  examples: T[];
  run(value: T): FuzzOutcome;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${REPO}${path}`, 'utf8');

/** Everything the targets share: the shipped configuration, one renderer, validation as ingest does it. */
interface FuzzWorld {
  config: Config;
  renderer: PostRenderer;
  context: ValidateContext;
  baseDir: string;
}

function world(): FuzzWorld {
  const config = loadConfig(`${REPO}secon-bot.yaml`);
  return {
    config,
    renderer: createRenderer({ config }),
    baseDir: `${REPO}news`,
    context: {
      knownChannels: new Set(config.channels.map((c) => c.id)),
      imageCache: new Map<string, LocalImageCheck>(),
      defaultZone: config.project.timezone,
      allowPrivateNetworks: false,
    },
  };
}

function empty(): FuzzOutcome {
  return { accepted: 0, refused: 0, posts: 0, renderRefused: 0, held: 0 };
}

/** A rejection must say where: its source starts with the file's (or feed's) name, and it says what. */
function checkRejection(rejection: Rejection, source: string): void {
  if (!rejection.source.startsWith(source)) throw new Error(`a rejection names "${rejection.source}", not ${source}`);
  if (!rejection.message.trim()) throw new Error(`a rejection of ${rejection.source} says nothing`);
}

/** Validates candidates as ingest does; valid items are rendered (`all`: every channel, language and kind). */
function validateAndRender(
  w: FuzzWorld,
  parsed: { candidates: Candidate[]; rejected: Rejection[] },
  source: string,
  all: boolean,
): FuzzOutcome {
  const outcome = empty();
  for (const rejection of parsed.rejected) {
    checkRejection(rejection, source);
    outcome.refused++;
  }
  for (const candidate of parsed.candidates) {
    candidate.baseDir = w.baseDir;
    const validation = validateCandidate(candidate, w.context);
    if (!validation.ok) {
      if (!validation.issues.length) throw new Error(`${candidate.source}: refused without a reason`);
      outcome.refused++;
      continue;
    }
    outcome.accepted++;
    renderItem(w, validation.item, all, outcome);
  }
  return outcome;
}

/** Renders an item and checks every post (every part of a thread) against its platform's limit. */
function renderItem(w: FuzzWorld, item: NewsItem, all: boolean, outcome: FuzzOutcome): void {
  const kinds: PostKind[] = all && item.event ? [item.kind, 'reminder', 'event-day'] : [item.kind];
  const now = new Date(Date.parse(item.published) - 86_400_000);
  for (const channel of w.config.channels) {
    const languages = all ? itemLanguages(item) : [item.language];
    for (const language of languages) {
      for (const kind of kinds) {
        let post: ReturnType<PostRenderer['render']>;
        try {
          post = w.renderer.render({ item, channel, language, kind, now });
        } catch (error) {
          if (error instanceof TemplateError) {
            outcome.renderRefused++;
            outcome.renderReasons = [...(outcome.renderReasons ?? []), error.message];
            continue;
          }
          throw error;
        }
        if (post.hold) {
          // Waits for a person in awaiting-approval, with the reason: never published as it is.
          if (!post.hold.trim()) throw new Error(`${channel.id} ${language} ${kind}: held without a reason`);
          outcome.held++;
          continue;
        }
        const limits = PLATFORM_LIMITS[channel.platform];
        for (const [index, part] of (post.thread ?? [post.text]).entries()) {
          const length = measureText(part, limits.measure);
          if (length > limits.maxTextLength) {
            throw new Error(
              `${channel.id} ${language} ${kind}: part ${index + 1} is ${length} long, over ${limits.maxTextLength}`,
            );
          }
        }
        outcome.posts++;
      }
    }
  }
}

/** Hostile seeds every text target starts from, besides its real samples. */
function hostileSeeds(wrap: (payload: string) => string): string[] {
  return [
    wrap('a'.repeat(LONG_WORD_MAX)),
    wrap('ü'.repeat(LONG_WORD_MAX / 2)),
    wrap('>'.repeat(20_000)),
    wrap('['.repeat(50_000)),
    wrap('<div>'.repeat(20_000)),
    wrap('_a'.repeat(50_000)),
    wrap('*'.repeat(40_000)),
    wrap('&amp;lt;div&amp;gt;'.repeat(5_000)),
    wrap('\u202eevil\u0000\u200b'),
  ];
}

function markdownTarget(w: FuzzWorld): FuzzTarget<string> {
  const samples = readdirSync(`${REPO}news`)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => read(`news/${f}`));
  const base = samples[0]!;
  const aliasBomb =
    `---\nid: bomb\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c ` +
    `[*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n`;
  const seeds = [
    ...samples,
    ...hostileSeeds((p) => `${base}\n${p}\n`),
    ...hostileSeeds((p) => base.replace(/^title: .*$/m, `title: ${p}`)),
    aliasBomb,
    `---\nid: flow\ntitle: ${'['.repeat(100_000)}\n---\n`,
  ];
  return {
    name: 'markdown',
    input: mutatedText(seeds),
    examples: seeds.slice(samples.length),
    run(text) {
      const result = parseMarkdownItem(text, 'fuzz.md');
      if ('rejection' in result) {
        checkRejection(result.rejection, 'fuzz.md');
        return { ...empty(), refused: 1 };
      }
      return validateAndRender(w, { candidates: [result.candidate], rejected: [] }, 'fuzz.md', false);
    },
  };
}

function jsonTarget(w: FuzzWorld): FuzzTarget<string> {
  const samples = [read('test/fixtures/news/items.json'), read('test/fixtures/news/single.json')];
  const seeds = [
    ...samples,
    ...hostileSeeds((p) => samples[1]!.replace(/"title": "[^"]*"/, `"title": ${JSON.stringify(p)}`)),
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    JSON.stringify(new Array(200_000).fill(0)),
  ];
  return {
    name: 'json',
    input: mutatedText(seeds),
    examples: seeds.slice(samples.length),
    run: (text) => validateAndRender(w, parseJsonItems(text, 'fuzz.json', w.baseDir, 1000), 'fuzz.json', false),
  };
}

function csvTarget(w: FuzzWorld): FuzzTarget<string> {
  const sample = read('test/fixtures/news/season.csv');
  const seeds = [
    sample,
    ...hostileSeeds((p) => `${sample}${JSON.stringify(p)},x\n`),
    `${sample}"${'"'.repeat(50_000)}\n`,
    `id,id,title\n${'a,b,c\n'.repeat(20_000)}`,
  ];
  return {
    name: 'csv',
    input: mutatedText(seeds),
    examples: seeds.slice(1),
    run: (text) => validateAndRender(w, parseCsvItems(text, 'fuzz.csv', w.baseDir, 1000), 'fuzz.csv', false),
  };
}

function feedTarget(w: FuzzWorld): FuzzTarget<string> {
  const samples = [read('test/fixtures/news/rss.xml'), read('test/fixtures/news/atom.xml')];
  const rss = samples[0]!;
  let laughs = '<!DOCTYPE rss [<!ENTITY lol "lol">';
  for (let i = 1; i <= 9; i++) laughs += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
  const seeds = [
    ...samples,
    ...hostileSeeds((p) => rss.replace(/<title>[^<]*<\/title>/, `<title>${p.replace(/[<&]/g, '')}</title>`)),
    ...hostileSeeds((p) => rss.replace(/<description>/, `<description>${p.replace(/</g, '&lt;')}`)),
    rss.replace('<rss', `${laughs}]><rss`).replace(/<title>[^<]*<\/title>/, '<title>&lol9;</title>'),
    rss.replace('<rss', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss'),
    rss.replace('<rss', '<!DOCTYPE rss [<!ELEMENT >]><rss'),
    `<rss><channel>${'<div>'.repeat(20_000)}</channel></rss>`,
  ];
  return {
    name: 'feed',
    input: mutatedText(seeds),
    examples: seeds.slice(samples.length),
    run(text) {
      let parsed: ReturnType<typeof parseFeed>;
      try {
        parsed = parseFeed(text, 'fuzz.xml', { kind: 'news', defaultLanguage: 'en', maxItems: 1000 });
      } catch (error) {
        // The feed as a whole refused: the project's own error, with a message.
        if (error instanceof FeedFormatError && error.message) return { ...empty(), refused: 1 };
        throw error;
      }
      const now = new Date().toISOString();
      for (const c of parsed.candidates) if (c.undated) (c.data as Record<string, unknown>).published = now;
      const outcome = validateAndRender(
        w,
        { candidates: parsed.candidates, rejected: parsed.rejected },
        'fuzz.xml',
        false,
      );
      return outcome;
    },
  };
}

function historyLineTarget(): FuzzTarget<string> {
  const text = 'Χάσκοβο, 13–14 Νοεμβρίου: «κοινωνική οικονομία».';
  const line = JSON.stringify({
    postId: 'haskovo.x-secon.el.recap',
    newsId: 'haskovo',
    channel: 'x-secon',
    platform: 'twitter',
    language: 'el',
    kind: 'recap',
    plannedAt: '2023-11-13T07:00:00.000Z',
    at: '2023-11-13T07:01:00.000Z',
    attempt: 1,
    state: 'published',
    url: 'https://x.com/SeconProject_eu/status/1',
    text,
    textHash: hashText(text),
    logId: '1699858860000-0',
  });
  const seeds = [
    line,
    ...hostileSeeds((p) => line.replace(`"text":${JSON.stringify(text)}`, `"text":${JSON.stringify(p)}`)),
    line.replace('https://x.com/SeconProject_eu/status/1', 'javascript:alert(1)'),
  ];
  return {
    name: 'history-import-line',
    input: mutatedText(seeds),
    examples: seeds.slice(1),
    run(value) {
      const problems: string[] = [];
      const entry = parseLogLine(value, 1, problems);
      if (entry) {
        if (entry.textHash !== hashText(entry.text))
          throw new Error('an entry whose textHash is not its text was taken');
        return { ...empty(), accepted: 1 };
      }
      if (!problems.length || !problems.every((p) => p.startsWith('line 1: '))) {
        throw new Error(`a refused line without a "line 1:" reason: ${JSON.stringify(problems)}`);
      }
      return { ...empty(), refused: 1 };
    },
  };
}

/** Fields of an item the renderer gets, hostile but within the validation caps (longer ones never reach it). */
interface RenderInput {
  title: string;
  summary: string;
  location: string;
  hashtags: string[];
  translation: { title: string; summary: string } | null;
  event: boolean;
}

function rendererTarget(w: FuzzWorld): FuzzTarget<RenderInput> {
  const cut = (max: number) => (s: string) => s.slice(0, max);
  const input = fc.record({
    title: fieldText(FIELD_LIMITS.title).map(cut(FIELD_LIMITS.title)),
    summary: fieldText(FIELD_LIMITS.summary).map(cut(FIELD_LIMITS.summary)),
    location: fieldText(FIELD_LIMITS.location).map(cut(FIELD_LIMITS.location)),
    hashtags: fc.array(fc.stringMatching(/^[A-Za-z0-9_]{1,40}$/), { maxLength: 8 }),
    translation: fc.option(
      fc.record({
        title: fieldText(FIELD_LIMITS.title).map(cut(FIELD_LIMITS.title)),
        summary: fieldText(FIELD_LIMITS.summary).map(cut(FIELD_LIMITS.summary)),
      }),
    ),
    event: fc.boolean(),
  });
  const long = (n: number) => 'x'.repeat(n);
  const examples: RenderInput[] = [
    { title: long(300), summary: long(2000), location: long(300), hashtags: [], translation: null, event: true },
    {
      title: `${'Χάσκοβο '.repeat(37)}`.trim(),
      summary: '社会的経済'.repeat(400),
      location: '🙂'.repeat(150),
      hashtags: ['SECON', 'SocialEconomy'],
      translation: { title: 'Хасково '.repeat(37).trim(), summary: 'z. B. Nr. 6. г. «'.repeat(110) },
      event: true,
    },
  ];
  return {
    name: 'renderer',
    input,
    examples,
    run(value) {
      const data: Record<string, unknown> = {
        id: 'fuzz-item',
        kind: value.event ? 'announcement' : 'news',
        language: 'en',
        title: value.title,
        summary: value.summary,
        url: 'https://www.interregeurope.eu/secon',
        published: '2027-05-01T10:00:00+03:00',
        hashtags: value.hashtags,
        ...(value.event
          ? {
              event: {
                name: 'Workshop',
                start: '2027-05-06T09:30',
                end: '2027-05-07T17:00',
                location: value.location,
                timezone: 'Europe/Sofia',
              },
            }
          : {}),
        ...(value.translation ? { translations: { el: value.translation } } : {}),
      };
      return validateAndRender(w, { candidates: [{ data, source: 'fuzz-render' }], rejected: [] }, 'fuzz-render', true);
    },
  };
}

/** Every fuzz target: the four news parsers, history import lines, and the renderer. */
export function fuzzTargets(): FuzzTarget[] {
  const w = world();
  return [
    markdownTarget(w),
    jsonTarget(w),
    csvTarget(w),
    feedTarget(w),
    historyLineTarget(),
    rendererTarget(w),
  ] as FuzzTarget[];
}
