import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/config/config-schema.ts';
import type { RenderedPost } from '../../src/posts/post.ts';
import { createRenderer } from '../../src/templates/post-renderer.ts';
import { channelFor, shippedConfig } from '../helpers/config.ts';
import { GOLDEN_CASES, type GoldenCase, LANGUAGE_NAMES } from '../helpers/golden-items.ts';

/**
 * The exact text of every post kind on every platform in every language, from news items written
 * the way partners write them (test/helpers/golden-items.ts), in one Markdown file per language that an editor
 * reads top to bottom: test/templates/golden/<lang>.md. A change to a template, the language data
 * or the fitting code shows here line by line.
 *
 * `UPDATE_GOLDEN=1 npx vitest run test/templates/golden.test.ts` writes the files anew; read the
 * diff as an editor would before committing it: the golden must be right, not merely current.
 */
const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const config = shippedConfig();
const renderer = createRenderer({ config });
const channels = [
  channelFor(config, 'twitter'),
  channelFor(config, 'linkedin'),
  channelFor(config, 'facebook'),
  channelFor(config, 'twitter', { id: 'x-secon-threads', thread: 'always' }),
];

function counter(post: RenderedPost): string {
  return `${post.metrics.weightedLength ?? post.metrics.length}/${post.metrics.limit}`;
}

/** One post as the fixture shows it: a heading, the text in a fence (each thread part in its own), then the notes. */
function section(golden: GoldenCase, channelId: string, platform: string, post: RenderedPost): string {
  const at = DateTime.fromISO(golden.now, { setZone: true }).toFormat('yyyy-MM-dd HH:mm ZZ');
  const lines = [`### ${golden.kind} · ${platform} (${channelId}) · read ${at} · ${counter(post)}`, ''];
  const fence = (text: string) => ['````text', text, '````'];
  if (post.thread) {
    post.thread.forEach((part, i) => {
      lines.push(`Part ${i + 1} of ${post.thread!.length}:`, '', ...fence(part), '');
    });
  } else {
    lines.push(...fence(post.text), '');
  }
  if (post.article) lines.push(`- link card: ${post.article.title} → ${post.article.source}`);
  else if (post.link && !post.text.includes(post.link)) lines.push(`- link: ${post.link}`);
  for (const image of post.images) lines.push(`- image: ${image.src} (alt: ${image.alt || '—'})`);
  if (post.hold) lines.push(`- **waits for a person:** ${post.hold}`);
  for (const warning of post.warnings) lines.push(`- ⚠ ${warning}`);
  return lines.join('\n').trimEnd();
}

/** The whole fixture file of one language. */
function goldenFile(language: string): string {
  const out = [
    `# Golden posts: ${language} (${LANGUAGE_NAMES[language]})`,
    '',
    'Every post kind on X, LinkedIn and Facebook, exactly as it is sent (LinkedIn text escaped as LinkedIn',
    'needs it). Made by test/templates/golden.test.ts from test/helpers/golden-items.ts; to write it',
    'anew: `UPDATE_GOLDEN=1 npx vitest run test/templates/golden.test.ts`, then read the diff as an editor.',
  ];
  let current = '';
  for (const golden of GOLDEN_CASES) {
    if (golden.name !== current) {
      current = golden.name;
      out.push('', `## ${golden.name} — ${golden.item.id}`);
    }
    for (const channel of channels) {
      if (channel.id === 'x-secon-threads' && !golden.threadChannel) continue;
      const post = renderer.render({
        item: golden.item,
        channel,
        language,
        kind: golden.kind,
        now: new Date(golden.now),
      });
      out.push('', section(golden, channel.id, channel.platform, post));
    }
  }
  return `${out.join('\n')}\n`;
}

describe('golden posts: one reviewed file per language', () => {
  if (UPDATE) mkdirSync(DIR, { recursive: true });
  for (const language of LANGUAGES) {
    it(`${language}: every kind on every platform reads as in golden/${language}.md`, () => {
      const file = `${DIR}${language}.md`;
      const text = goldenFile(language);
      if (UPDATE) writeFileSync(file, text);
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }
});
