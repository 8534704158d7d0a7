import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { francAll } from 'franc';
import { describe, expect, it } from 'vitest';
import { FRANC_LANGUAGES as BUNDLED, francProjectLanguagesOnly } from '../../dev/build.mjs';
import { FRANC_LANGUAGES } from '../../src/news/language-check.ts';
import { REPO_ROOT } from '../helpers/cli.ts';

type Ranking = [string, number][];
type FrancAll = (value: string, options: { only: string[] }) => Ranking;

/** franc as the build bundles it: through the same plugin, with only the project's languages' models. */
async function bundledFranc(): Promise<{ francAll: FrancAll; bytes: number }> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    stdin: { contents: "export { francAll } from 'franc';", resolveDir: REPO_ROOT, loader: 'js' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    mainFields: ['module', 'main'],
    plugins: [francProjectLanguagesOnly],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const module = { exports: {} as { francAll: FrancAll } };
  new Function('module', 'exports', code)(module, module.exports);
  return { francAll: module.exports.francAll, bytes: code.length };
}

const PARTNER_TEXTS = JSON.parse(
  readFileSync(new URL('../fixtures/language/partner-texts.json', import.meta.url), 'utf8'),
) as { language: string; text: string }[];
/** Texts in scripts and languages the project has no templates for: no project language ranks. */
const OTHER_TEXTS = [
  'Социальные предприятия региона представляют свою работу в ратуше Мангейма семнадцатого декабря.',
  'تعرض المؤسسات الاجتماعية في المنطقة عملها في قاعة مدينة مانهايم في السابع عشر من ديسمبر.',
  '本地区的社会企业将于十二月十七日在曼海姆市政厅展示他们的工作成果和经验。',
  'Le imprese sociali della regione presentano il loro lavoro nel municipio di Mannheim il diciassette dicembre.',
  '12345 67890 12345 67890 12345 67890',
];

describe("the build's franc (dev/build.mjs, francProjectLanguagesOnly)", () => {
  it('bundles the models of exactly the languages the language check chooses among', () => {
    expect([...BUNDLED].sort()).toEqual([...FRANC_LANGUAGES].sort());
  });

  it('ranks every text as franc does with all its models, and is a fraction of its size', async () => {
    const bundled = await bundledFranc();
    const only = [...FRANC_LANGUAGES];
    const texts = [...PARTNER_TEXTS.map((t) => t.text), ...OTHER_TEXTS];
    for (const text of texts) expect(bundled.francAll(text, { only }), text).toEqual(francAll(text, { only }));
    // The Russian text is Cyrillic: franc ranks the project's one Cyrillic language; the digits rank none.
    expect(bundled.francAll(OTHER_TEXTS[0]!, { only })[0]![0]).toBe('bul');
    expect(bundled.francAll(OTHER_TEXTS[4]!, { only })).toEqual([['und', 1]]);
    expect(bundled.bytes).toBeLessThan(60_000); // all 187 languages: some 360 kB
  });
});
