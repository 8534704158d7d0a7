import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { Config } from '../src/config/config-schema.ts';
import { InputError } from '../src/input-error.ts';
import { type LoadedItem, loadSources, type Rejection } from '../src/news/load-sources.ts';
import { type IntakeResult, type NewsIntake, unplannedRejections } from '../src/publishing/news-intake.ts';

/** The formats the desk takes, by file ending (a subset of what ingest reads: no feeds). */
export const UPLOAD_FORMATS: Readonly<Record<string, string>> = {
  '.md': 'Markdown with front matter',
  '.markdown': 'Markdown with front matter',
  '.json': 'JSON',
  '.csv': 'CSV',
};

/** A safe file name that keeps the person's name where possible (messages name it). */
export function draftFileName(name: string, fallbackExtension: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
  const extension = extname(base).toLowerCase();
  if (base && UPLOAD_FORMATS[extension]) return base;
  if (base && extension)
    throw new InputError(
      `${name}: unsupported file type "${extension}"; expected ${Object.keys(UPLOAD_FORMATS).join(', ')}`,
    );
  return `${base || 'pasted'}${fallbackExtension}`;
}

/** Loads news text as `ingest` loads a file: the same parsing, validation and messages. */
export async function loadNewsText(
  config: Config,
  name: string,
  text: string,
): Promise<{ items: LoadedItem[]; rejected: Rejection[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'secon-desk-'));
  try {
    await writeFile(join(dir, name), text, 'utf8');
    // Sources are named relative to the temporary folder ("haskovo.md:7"); local images are
    // looked up in the project's news folder, where the worker finds them too.
    return await loadSources([join(dir, name)], { config, cwd: dir, baseDir: resolve(config.web.newsDir) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What checking a draft found: the items' plans (not queued) and everything rejected. */
export interface NewsCheck {
  results: IntakeResult[];
  items: LoadedItem[];
  rejected: Rejection[];
}

/** Loads and plans (dry run: nothing queued, nothing remembered) — `ingest --dry-run`, against the live schedule. */
export async function checkNews(
  config: Config,
  intake: NewsIntake,
  name: string,
  text: string,
  options: { actor: string; requireApproval?: boolean },
): Promise<NewsCheck> {
  const loaded = await loadNewsText(config, name, text);
  const results = await intake.take(loaded.items, {
    dryRun: true,
    actor: options.actor,
    ...(options.requireApproval ? { requireApproval: true } : {}),
  });
  return { results, items: loaded.items, rejected: [...loaded.rejected, ...unplannedRejections(results)] };
}
