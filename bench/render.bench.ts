import { LANGUAGES, PLATFORMS } from '../src/config/config-schema.ts';
import type { NewsItem } from '../src/news/news-item.ts';
import { POST_KINDS } from '../src/posts/post.ts';
import type { RenderRequest } from '../src/templates/post-renderer.ts';
import { createRenderer } from '../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../test/helpers/config.ts';
import { HASKOVO_TEXTS, haskovoItem, LONG_SUMMARIES } from '../test/helpers/haskovo.ts';
import { type Benchmark, median, repeat, timeMs } from './harness.ts';

/**
 * Rendering throughput: every language (12) × platform (3) × post kind (5) of the Haskovo item,
 * with three long summaries (el, bg, lv) that X must shorten, so fitting has real work to do.
 * Baseline: the same renderer and templates with fitting off (`fit: false`), measured in the same
 * run: the ratio is what measuring, shortening and thread splitting cost.
 */
const config = shippedConfig();
const NOW = new Date('2023-11-10T09:00:00+02:00');

function workload(): RenderRequest[] {
  const base = haskovoItem();
  const translations = { ...base.translations };
  for (const language of ['el', 'bg', 'lv'] as const)
    translations[language] = { ...HASKOVO_TEXTS[language]!, summary: LONG_SUMMARIES[language] };
  const item: NewsItem = { ...base, translations };
  const requests: RenderRequest[] = [];
  for (const language of LANGUAGES) {
    for (const platform of PLATFORMS) {
      for (const kind of POST_KINDS)
        requests.push({ item, channel: channelFor(config, platform), language, kind, now: NOW });
    }
  }
  return requests;
}

/** Posts per second rendering `requests` `rounds` times (after one warm-up round that compiles). */
async function throughput(fit: boolean, requests: RenderRequest[], rounds: number): Promise<number> {
  const renderer = createRenderer({ config, fit });
  for (const request of requests) renderer.render(request);
  const ms = await timeMs(async () => {
    for (let r = 0; r < rounds; r++) for (const request of requests) renderer.render(request);
  });
  return (requests.length * rounds) / (ms / 1000);
}

const bench: Benchmark = {
  name: 'render',
  issue: 4,
  async run(ctx) {
    const requests = workload();
    const rounds = ctx.quick ? 5 : 30;
    const xOnly = requests.filter((r) => r.channel.platform === 'twitter');
    const plain: number[] = [];
    const fitted: number[] = [];
    const plainX: number[] = [];
    const fittedX: number[] = [];
    // Interleaved, so both sides see the same machine load (2 shared cores).
    await repeat(ctx.runs, async (i) => {
      plain.push(await throughput(false, requests, rounds));
      fitted.push(await throughput(true, requests, rounds));
      plainX.push(await throughput(false, xOnly, rounds));
      fittedX.push(await throughput(true, xOnly, rounds));
      ctx.log(
        `run ${i + 1}: all ${fitted.at(-1)!.toFixed(0)}/s fitted vs ${plain.at(-1)!.toFixed(0)}/s plain; X ${fittedX.at(-1)!.toFixed(0)}/s vs ${plainX.at(-1)!.toFixed(0)}/s`,
      );
    });
    const coldMs = await timeMs(async () => createRenderer({ config }).render(requests[0]!));
    // Issue #16: a 16,000-character single word must be refused quickly (a held post), not split
    // into dozens of parts; compared with one ordinary X post in the same run.
    const renderer = createRenderer({ config });
    const x = channelFor(config, 'twitter');
    const ordinary = xOnly.find((r) => r.kind === 'news' && r.language === 'el')!;
    const word = { ...ordinary.item, title: 'Sozialwirtschaft'.repeat(1000), translations: {} };
    const heapBefore = process.memoryUsage().heapUsed;
    const held = renderer.render({ item: word, channel: x, language: 'en', kind: 'news', now: NOW });
    const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    const longMs = median(
      await repeat(5, async () =>
        timeMs(async () => renderer.render({ item: word, channel: x, language: 'en', kind: 'news', now: NOW })),
      ),
    );
    const ordinaryMs = median(await repeat(5, async () => timeMs(async () => renderer.render(ordinary))));
    const p = median(plain);
    const f = median(fitted);
    return [
      {
        metric: 'posts rendered, with fitting',
        value: f,
        unit: 'posts/s',
        baseline: p,
        baselineLabel: 'same, fit: false',
        note: `${requests.length} posts (12 languages × 3 platforms × 5 kinds) × ${rounds} rounds`,
      },
      {
        metric: 'time per post, with fitting',
        value: 1e6 / f,
        unit: 'µs',
        baseline: 1e6 / p,
        baselineLabel: 'same, fit: false',
        note: 'ratio = cost of fitting',
      },
      {
        metric: 'X posts only, with fitting',
        value: 1e6 / median(fittedX),
        unit: 'µs/post',
        baseline: 1e6 / median(plainX),
        baselineLabel: 'same, fit: false',
        note: `${xOnly.length} X posts; el/bg/lv summaries shortened`,
      },
      { metric: 'first post of a new renderer', value: coldMs, unit: 'ms', note: 'resolves and compiles one template' },
      {
        metric: '16,000-character single-word title on X',
        value: longMs,
        unit: 'ms',
        baseline: ordinaryMs,
        baselineLabel: 'one ordinary X post',
        note: `${held.hold ? 'held' : `${held.thread?.length ?? 1} part(s)`}; heap +${heapGrowth.toFixed(1)} MB`,
      },
    ];
  },
};

export default bench;
