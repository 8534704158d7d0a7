import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../src/config/config-schema.ts';
import { displayPath } from '../../src/display-path.ts';
import { InputError } from '../../src/input-error.ts';
import { NEWS_KINDS, type NewsKind } from '../../src/news/news-item.ts';
import { buildSkeleton, type SkeletonOptions } from '../../src/news/news-skeleton.ts';
import { configFor, printJson } from '../cli-context.ts';
import { paint } from '../output/colour.ts';
import { notice } from '../output/notice.ts';

interface NewOptions extends SkeletonOptions {
  force?: boolean;
  json?: boolean;
}

/** `new <kind>`: writes the skeleton of a news item. */
export async function run(kind: string, options: NewOptions, command: Command): Promise<void> {
  if (!(NEWS_KINDS as readonly string[]).includes(kind))
    throw new InputError(`new: unknown kind "${kind}"; expected one of ${NEWS_KINDS.join(', ')}`);
  let config: Config | undefined;
  try {
    config = configFor(command, { announce: false }).config;
  } catch {
    // Without a configuration the skeleton still works: UTC, English, the project's website.
  }
  const skeleton = buildSkeleton(kind as NewsKind, options, config, new Date());
  // On stderr: with `-o -` stdout is the file.
  for (const note of skeleton.notes) notice(`note: ${note}`);
  if (skeleton.file === '-') {
    process.stdout.write(skeleton.text);
    return;
  }
  if (existsSync(skeleton.file) && !options.force)
    throw new InputError(`${skeleton.file} exists; choose another file with -o, or --force to overwrite it`);
  mkdirSync(dirname(skeleton.file), { recursive: true });
  writeFileSync(skeleton.file, skeleton.text);
  if (options.json) {
    const { text: _text, ...rest } = skeleton;
    printJson(rest);
    return;
  }
  const incomplete = !options.title || !options.summary || skeleton.translations.length > 0;
  process.stdout.write(
    [
      `${paint('green', 'wrote')} ${displayPath(skeleton.file)} (${skeleton.kind} "` +
        `${skeleton.id}" in ${[skeleton.language, ...skeleton.translations].join(', ')}, published ` +
        `${skeleton.published}${skeleton.event ? `, event ${skeleton.event.start}` : ''})`,
      incomplete
        ? `next: fill in the "" fields, then  secon-bot preview ${skeleton.file}`
        : `next: secon-bot preview ${skeleton.file}`,
      '',
    ].join('\n'),
  );
}
