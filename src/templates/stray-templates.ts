import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORMS } from '../config/config-schema.ts';
import { displayPath } from '../display-path.ts';
import { nearestName } from '../nearest-name.ts';
import { POST_KINDS } from '../posts/post.ts';

/**
 * Template files in a templates folder that no lookup of the fallback chain (template-resolver.ts)
 * will ever use: a misspelt platform or kind (`facebok.recap.liquid`), `x.liquid`, a per-kind
 * `default.recap.liquid`, a folder that is no language (`gr/`), a template outside any language
 * folder. Without this an officer's new variant is silently ignored and the post goes out as before.
 * Only `.liquid` files count: notes and `language.yaml` sit beside the templates.
 */

const EXTENSION = '.liquid';

/** Every name (without `.liquid`) a lookup may ask for. */
const TEMPLATE_NAMES: readonly string[] = [
  ...PLATFORMS.flatMap((platform) => [platform, ...POST_KINDS.map((kind) => `${platform}.${kind}`)]),
  'default',
];
const KNOWN_NAMES = new Set(TEMPLATE_NAMES);

const EXPECTED_NAME =
  `expected <platform>.<kind>.liquid, <platform>.liquid or default.liquid ` +
  `(platform: ${PLATFORMS.join(', ')}; kind: ${POST_KINDS.join(', ')})`;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** A BCP 47 code Intl knows ("el", "pt-PT"); "gr" (a country, not a language) is not. */
function isLanguageCode(code: string): boolean {
  try {
    return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u.test(code) && languageNames.of(code) !== code;
  } catch {
    return false;
  }
}

/** Why a file name inside a language folder is never looked up, or null when it is. */
function strayName(name: string): string | null {
  if (!name.endsWith(EXTENSION)) return null;
  const stem = name.slice(0, -EXTENSION.length);
  if (KNOWN_NAMES.has(stem)) return null;
  if (stem.startsWith('default.'))
    return `there is only default.liquid, for every kind: name a kind's own wording <platform>.${stem.slice(8)}.liquid`;
  const near = nearestName(stem, TEMPLATE_NAMES);
  return near ? `(did you mean ${near}${EXTENSION}?): ${EXPECTED_NAME}` : EXPECTED_NAME;
}

/** Language data beside the templates: read from the shipped folder only (language-data.ts). */
const LANGUAGE_DATA = 'language.yaml';

/**
 * One warning per stray file, naming it and what was expected; none when the folder cannot be
 * read. `channelFolder`: a channel's `templates` folder, whose `language.yaml` is never read.
 */
export function strayTemplates(dir: string, channelFolder = false): string[] {
  const warn = (file: string, why: string) =>
    `${displayPath(join(dir, file))}: never used${why.startsWith('(') ? ' ' : ': '}${why}`;
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.isFile()) {
      if (entry.name.endsWith(EXTENSION))
        out.push(warn(entry.name, `expected it in a language folder, such as en/${entry.name}`));
      continue;
    }
    if (!entry.isDirectory()) continue;
    let files: string[];
    const language = entry.name;
    try {
      files = readdirSync(join(dir, language));
    } catch {
      continue;
    }
    if (channelFolder && files.includes(LANGUAGE_DATA))
      out.push(
        warn(
          join(language, LANGUAGE_DATA),
          `only the shipped templates/${language}/${LANGUAGE_DATA} is read: correct the language's data there`,
        ),
      );
    files = files.filter((file) => file.endsWith(EXTENSION));
    if (!isLanguageCode(language)) {
      for (const file of files)
        out.push(
          warn(
            join(language, file),
            `"${language}" is no language code: expected a folder named like el (Greek), de or pt-PT`,
          ),
        );
      continue;
    }
    for (const file of files) {
      const why = strayName(file);
      if (why) out.push(warn(join(language, file), why));
    }
  }
  return out.sort();
}
