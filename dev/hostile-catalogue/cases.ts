import { parse } from 'csv-parse/sync';
import {
  aliasBomb,
  CSV_HEADER,
  configYaml,
  csvRow,
  editedExport,
  fallBackDay,
  GOOD_FIELDS,
  jsonItem,
  latin1Export,
  markdown,
  NEXT_YEAR,
  rss,
  rssItem,
  sha256,
} from './inputs.ts';

/** What the catalogue's setup left for the cases: the shipped config and a real log export. */
export interface Fixtures {
  /** The text of the shipped secon-bot.yaml. */
  shippedConfig: string;
  /** `history export` of the setup's log (good-item and formula, scheduled), one NDJSON line each. */
  exportLines: string[];
}

/** A file's content, or the content built from the fixtures. */
export type Files = Record<string, string | Buffer>;

/** How a command ended. */
export interface Run {
  exit: number;
  stdout: string;
  stderr: string;
  seconds: number;
  timedOut: boolean;
  /** stdout of the case's `after` command, when it has one. */
  afterStdout?: string;
}

/** A case-specific observation, computed from the run: does it show what the issue asks for? */
export interface Check {
  ok: boolean;
  note: string;
}

/**
 * One hostile input of issue #16. Each case runs in a folder of its own holding secon-bot.yaml
 * (the shipped configuration, its own key prefix) and good.md (a valid item), plus `files`.
 */
export interface Case {
  /** Where issue #16 lists the defect: "High 1", "Medium 6", "Low". */
  ref: string;
  name: string;
  files?: Files | ((fixtures: Fixtures) => Files);
  /** The command after `secon-bot` (run in the case's folder, as a user would type it). */
  args: string[];
  /** What the issue asks for: the bad input refused (exit 2) or taken (exit 0). */
  expect: 'refuse' | 'accept';
  /** The input the message must name (a file, or an option). */
  bad?: string;
  /** The field (or key path) the message must name. */
  field?: string;
  /** Ids that must still be listed as accepted/previewed: the good items beside the bad one. */
  good?: string[];
  /** The line to show as the message: first match of this pattern. Default: the refusal line. */
  pick?: RegExp;
  /** The message to show when it is not one line of output (e.g. one CSV cell). */
  show?: (run: Run) => string;
  /** A further observation of this case (e.g. a CSV cell, nothing imported). */
  check?: (run: Run) => Check;
  /** Key prefix of this case's configuration. Default `catalogue` (where the setup ingested). */
  prefix?: string;
  /** A command run after this one (same folder), its stdout handed to `check`. */
  after?: string[];
  /** Kill the command after this many seconds. Default 30. */
  timeoutSeconds?: number;
}

const GOOD = ['good-item'];
const dryRun = (...files: string[]) => ['ingest', '--dry-run', 'good.md', ...files];
const long = (n: number) => 'a'.repeat(n);
const image = (src: string) => `\n  - src: ${src}\n    alt: A photo`;
const feed = (url: string, schedule = '*/30 * * * *') => `    url: ${url}\n    schedule: "${schedule}"\n`;

/** True when `text` says nothing of a stack overflow or an internal error. */
const noStackError = (run: Run): Check => {
  const leaked = /call stack|Please report|RangeError|TypeError/i.test(run.stdout + run.stderr);
  return { ok: !leaked, note: leaked ? 'a stack/internal error shows' : 'no stack error shown' };
};

/** The `text` cell of the formula post in a CSV listing. */
function formulaCell(run: Run): string | undefined {
  const rows = parse(run.stdout, { columns: true, bom: true }) as Array<Record<string, string>>;
  return rows.find((r) => r.newsId === 'formula')?.text;
}

/** The `text` of the formula post in an NDJSON export. */
function formulaJsonText(run: Run): string | undefined {
  const line = run.stdout.split('\n').find((l) => l.includes('"newsId":"formula"'));
  return line === undefined ? undefined : (JSON.parse(line) as { text: string }).text;
}

/** The first line of a cell or text, quoted as JSON (so a leading quote mark or tab shows). */
const firstLine = (label: string, text: string | undefined) => `${label}: ${JSON.stringify(text?.split('\n')[0])}`;

/** After an import refused: the target prefix's log must be empty. */
const nothingImported = (run: Run): Check => {
  const entries = (run.afterStdout ?? '').split('\n').filter((l) => l.startsWith('{')).length;
  return { ok: entries === 0, note: entries === 0 ? 'nothing imported' : `${entries} entries imported` };
};

/** The number of "rejected" lines of an ingest listing. */
const rejections = (run: Run) => run.stdout.split('\n').filter((l) => l.startsWith('rejected')).length;

export const CASES: Case[] = [
  // ── High 1: long fields ────────────────────────────────────────────────────────────────
  {
    ref: 'High 1',
    name: '100,000-char single-word title',
    files: { 'long.md': markdown({ title: long(100_000) }) },
    args: dryRun('long.md'),
    expect: 'refuse',
    bad: 'long.md',
    field: 'title',
    good: GOOD,
  },
  {
    ref: 'High 1',
    name: '100,000-char single-word title (preview)',
    files: { 'long.md': markdown({ title: long(100_000) }) },
    args: ['preview', 'good.md', 'long.md'],
    expect: 'refuse',
    bad: 'long.md',
    field: 'title',
    good: GOOD,
  },
  {
    ref: 'High 1',
    name: '20,000-char summary',
    files: { 'summary.md': markdown({ summary: long(20_000) }) },
    args: dryRun('summary.md'),
    expect: 'refuse',
    bad: 'summary.md',
    field: 'summary',
    good: GOOD,
  },
  {
    ref: 'High 1',
    name: '60,000-char body',
    files: { 'body.md': markdown({}, long(60_000)) },
    args: dryRun('body.md'),
    expect: 'refuse',
    bad: 'body.md',
    field: 'body',
    good: GOOD,
  },
  {
    ref: 'High 1',
    name: '10,000-char event location',
    files: {
      'where.md': markdown({
        kind: 'announcement',
        event:
          `\n  name: W\n  start: ${NEXT_YEAR}-02-01T10:00:00+01:00` +
          `\n  location: ${long(10_000)}\n  timezone: Europe/Berlin`,
      }),
    },
    args: dryRun('where.md'),
    expect: 'refuse',
    bad: 'where.md',
    field: 'event.location',
    good: GOOD,
  },
  {
    ref: 'High 1',
    name: '4,900-char word summary on X (thread cap)',
    files: { 'thread.md': markdown({ id: 'thread', summary: long(4900) }) },
    args: ['preview', 'good.md', 'thread.md', '--channel', 'x-secon'],
    expect: 'accept',
    good: ['good-item', 'thread'],
    pick: /waits for a person/,
    check: (run) => {
      const parts = Number(/a thread of (\d+) parts/.exec(run.stdout)?.[1] ?? 0);
      const held = /waits for a person: a thread of \d+ parts, more than (\d+)/.exec(run.stdout);
      return held
        ? { ok: run.seconds < 10, note: `thread of ${parts} held for a person (cap ${held[1]})` }
        : { ok: false, note: `thread of ${parts || '?'} parts not held` };
    },
  },
  // ── High 2: parser failures reject one file ────────────────────────────────────────────
  {
    ref: 'High 2',
    name: 'Markdown body: 5,000 nested block quotes',
    files: { 'quotes.md': markdown({}, `${'>'.repeat(5000)} deep`) },
    args: dryRun('quotes.md'),
    expect: 'refuse',
    bad: 'quotes.md',
    field: 'body',
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'Markdown body: 10,000 nested <div>',
    files: { 'divs.md': markdown({}, `${'<div>'.repeat(10_000)}x`) },
    args: dryRun('divs.md'),
    expect: 'refuse',
    bad: 'divs.md',
    field: 'body',
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'YAML alias bomb in front matter',
    files: { 'bomb.md': aliasBomb() },
    args: dryRun('bomb.md'),
    expect: 'refuse',
    bad: 'bomb.md',
    pick: /alias/,
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'YAML unresolved alias',
    files: { 'alias.md': '---\nid: alias\ntitle: *nope\n---\nbody\n' },
    args: dryRun('alias.md'),
    expect: 'refuse',
    bad: 'alias.md',
    pick: /alias/,
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'feed: external entity (XXE, file:///etc/passwd)',
    files: { 'xxe.xml': rss(rssItem('&xxe;'), '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>') },
    args: dryRun('xxe.xml'),
    expect: 'refuse',
    bad: 'xxe.xml',
    good: GOOD,
    check: (run) => {
      const leaked = /root:/.test(run.stdout + run.stderr);
      return { ok: !leaked, note: leaked ? '/etc/passwd content shows' : 'no file content shows' };
    },
  },
  {
    ref: 'High 2',
    name: 'feed: billion laughs (nested entities)',
    files: {
      'lol.xml': rss(
        rssItem('&lol9;'),
        `<!DOCTYPE rss [<!ENTITY lol "lol">${Array.from(
          { length: 9 },
          (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`,
        ).join('')}]>`,
      ),
    },
    args: dryRun('lol.xml'),
    expect: 'refuse',
    bad: 'lol.xml',
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'feed: 20,000 nested XML elements',
    files: { 'deep.xml': rss(`${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}`) },
    args: dryRun('deep.xml'),
    expect: 'refuse',
    bad: 'deep.xml',
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'feed: 20,000 nested HTML tags in a description',
    files: {
      'deep-html.xml': rss(rssItem('Deep', '&lt;div&gt;'.repeat(20_000)) + rssItem('Fine', 'Hello', 'g2')),
    },
    args: dryRun('deep-html.xml'),
    expect: 'refuse',
    bad: 'deep-html.xml',
    field: 'summary',
    good: ['good-item', 'g2'],
  },
  {
    ref: 'High 2',
    name: 'feed: malformed DOCTYPE (unknown declaration)',
    files: { 'doctype.xml': rss(rssItem('T'), '<!DOCTYPE rss [<foo>]>') },
    args: dryRun('doctype.xml'),
    expect: 'refuse',
    bad: 'doctype.xml',
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'feed: malformed DOCTYPE (empty ELEMENT)',
    files: { 'element.xml': rss(rssItem('T'), '<!DOCTYPE rss [<!ELEMENT >]>') },
    args: dryRun('element.xml'),
    expect: 'refuse',
    bad: 'element.xml',
    good: GOOD,
  },
  {
    ref: 'High 2',
    name: 'feed: malformed XML declaration (encoding=?)',
    files: { 'decl.xml': `<?xml version="1.0" encoding=?><rss version="2.0"><channel>${rssItem('T')}</channel></rss>` },
    args: dryRun('decl.xml'),
    // The issue asks that it no longer aborts the run; the XML parser reads past this declaration.
    expect: 'accept',
    good: ['good-item', 'g1'],
    pick: /decl\.xml/,
  },
  // ── High 3: many items ─────────────────────────────────────────────────────────────────
  {
    ref: 'High 3',
    name: 'JSON array of 200,000 zeros (400 KB)',
    files: { 'zeros.json': JSON.stringify(new Array(200_000).fill(0)) },
    args: dryRun('zeros.json'),
    expect: 'refuse',
    bad: 'zeros.json',
    good: GOOD,
    check: noStackError,
  },
  {
    ref: 'High 3',
    name: '200,000 zeros with the cap raised to 1,000,000',
    files: (fx) => ({
      'secon-bot.yaml': `${configYaml(fx.shippedConfig, 'catalogue')}\ningest:\n  maxItemsPerSource: 1000000\n`,
      'zeros.json': JSON.stringify(new Array(200_000).fill(0)),
    }),
    args: dryRun('zeros.json'),
    expect: 'refuse',
    bad: 'zeros.json',
    good: GOOD,
    check: (run) => {
      const stack = noStackError(run);
      const count = rejections(run);
      return { ok: stack.ok && count === 200_000, note: `${count} rejections listed; ${stack.note}` };
    },
  },
  // ── Medium 4: local images ─────────────────────────────────────────────────────────────
  {
    ref: 'Medium 4',
    name: 'image path ../../../../etc/passwd',
    files: { 'escape.md': markdown({ images: image('../../../../etc/passwd') }) },
    args: dryRun('escape.md'),
    expect: 'refuse',
    bad: 'escape.md',
    field: 'images[0].src',
    good: GOOD,
  },
  {
    ref: 'Medium 4',
    name: 'image path /etc/hostname',
    files: { 'absolute.md': markdown({ images: image('/etc/hostname') }) },
    args: dryRun('absolute.md'),
    expect: 'refuse',
    bad: 'absolute.md',
    field: 'images[0].src',
    good: GOOD,
  },
  {
    ref: 'Medium 4',
    name: 'text bytes saved as images/notes.png',
    files: {
      'images/notes.png': 'root:x:0:0:root:/root:/bin/bash\n',
      'fake.md': markdown({ images: image('images/notes.png') }),
    },
    args: dryRun('fake.md'),
    expect: 'refuse',
    bad: 'fake.md',
    field: 'images[0].src',
    good: GOOD,
  },
  // ── Medium 5: not UTF-8 ────────────────────────────────────────────────────────────────
  {
    ref: 'Medium 5',
    name: 'Latin-1 Markdown ("Café" as 0xE9)',
    files: { 'latin1.md': Buffer.from(markdown({ title: 'Café' }), 'latin1') },
    args: dryRun('latin1.md'),
    expect: 'refuse',
    bad: 'latin1.md',
    pick: /UTF-8/,
    good: GOOD,
  },
  {
    ref: 'Medium 5',
    name: 'Latin-1 byte in a history import',
    prefix: 'catalogue-import-latin1',
    files: (fx) => ({ 'latin1.ndjson': latin1Export(fx.exportLines, 1) }),
    args: ['history', 'import', 'latin1.ndjson'],
    expect: 'refuse',
    bad: 'latin1.ndjson',
    pick: /UTF-8/,
    after: ['history', '--format', 'ndjson'],
    check: nothingImported,
  },
  // ── Medium 6: CSV formula injection ────────────────────────────────────────────────────
  {
    ref: 'Medium 6',
    name: 'formula title in CSV listing (default)',
    args: ['history', '--format', 'csv', '--news', 'formula'],
    expect: 'accept',
    show: (run) => firstLine('text cell', formulaCell(run)),
    check: (run) => {
      const cell = formulaCell(run) ?? '';
      return { ok: cell.startsWith("'="), note: cell.startsWith("'=") ? "cell neutralised with '" : 'cell as stored' };
    },
  },
  {
    ref: 'Medium 6',
    name: 'formula title in CSV listing (--raw)',
    args: ['history', '--format', 'csv', '--news', 'formula', '--raw'],
    expect: 'accept',
    show: (run) => firstLine('text cell', formulaCell(run)),
    check: (run) => {
      const cell = formulaCell(run) ?? '';
      return { ok: cell.startsWith('='), note: cell.startsWith('=') ? 'cell exact (opt-out)' : 'cell changed' };
    },
  },
  {
    ref: 'Medium 6',
    name: 'formula title in NDJSON export',
    args: ['history', 'export'],
    expect: 'accept',
    show: (run) => firstLine('text', formulaJsonText(run)),
    check: (run) => {
      const exact = formulaJsonText(run)?.startsWith('=HYPERLINK') === true;
      return { ok: exact, note: exact ? 'text exact' : 'text changed' };
    },
  },
  // ── Medium 7: feeds in the configuration ───────────────────────────────────────────────
  {
    ref: 'Medium 7',
    name: 'config: feed schedule "every 15 minutes"',
    files: (fx) => ({
      'secon-bot.yaml': configYaml(fx.shippedConfig, 'catalogue', feed(GOOD_FIELDS.url!, 'every 15 minutes')),
    }),
    args: ['config'],
    expect: 'refuse',
    bad: 'secon-bot.yaml',
    field: 'feeds[0].schedule',
  },
  {
    ref: 'Medium 7',
    name: 'config: feed schedule "0 25 * * *"',
    files: (fx) => ({
      'secon-bot.yaml': configYaml(fx.shippedConfig, 'catalogue', feed(GOOD_FIELDS.url!, '0 25 * * *')),
    }),
    args: ['config'],
    expect: 'refuse',
    bad: 'secon-bot.yaml',
    field: 'feeds[0].schedule',
  },
  {
    ref: 'Medium 7',
    name: 'worker with a bad feed schedule',
    files: (fx) => ({
      'secon-bot.yaml': configYaml(fx.shippedConfig, 'catalogue', feed(GOOD_FIELDS.url!, '*/15 * * *')),
    }),
    args: ['worker'],
    expect: 'refuse',
    bad: 'secon-bot.yaml',
    field: 'feeds[0].schedule',
    timeoutSeconds: 20,
  },
  {
    ref: 'Medium 7',
    name: 'config: feed URL ftp://',
    files: (fx) => ({ 'secon-bot.yaml': configYaml(fx.shippedConfig, 'catalogue', feed('ftp://www.haskovo.bg/rss')) }),
    args: ['config'],
    expect: 'refuse',
    bad: 'secon-bot.yaml',
    field: 'feeds[0].url',
  },
  // ── Medium 8 and Low: private addresses ────────────────────────────────────────────────
  {
    ref: 'Medium 8',
    name: 'image URL on a private address (10.0.0.8)',
    files: { 'private.md': markdown({ images: image('http://10.0.0.8/a.png') }) },
    args: dryRun('private.md'),
    expect: 'refuse',
    bad: 'private.md',
    field: 'images[0].src',
    good: GOOD,
  },
  {
    ref: 'Medium 8',
    name: 'image URL on cloud metadata (169.254.169.254)',
    files: { 'metadata.md': markdown({ images: image('http://169.254.169.254/latest/a.png') }) },
    args: dryRun('metadata.md'),
    expect: 'refuse',
    bad: 'metadata.md',
    field: 'images[0].src',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'image URL [::ffff:127.0.0.1] (IPv4-mapped)',
    files: { 'mapped.md': markdown({ images: image('http://[::ffff:127.0.0.1]/a.png') }) },
    args: dryRun('mapped.md'),
    expect: 'refuse',
    bad: 'mapped.md',
    field: 'images[0].src',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'image URL [64:ff9b::7f00:1] (NAT64)',
    files: { 'nat64.md': markdown({ images: image('http://[64:ff9b::7f00:1]/a.png') }) },
    args: dryRun('nat64.md'),
    expect: 'refuse',
    bad: 'nat64.md',
    field: 'images[0].src',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'feed URL [::ffff:127.0.0.1] (IPv4-mapped)',
    args: dryRun('http://[::ffff:127.0.0.1]:9/feed.xml'),
    expect: 'refuse',
    bad: 'http://[::ffff:127.0.0.1]:9/feed.xml',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'feed URL [64:ff9b::7f00:1] (NAT64)',
    args: dryRun('http://[64:ff9b::7f00:1]:9/feed.xml'),
    expect: 'refuse',
    bad: 'http://[64:ff9b::7f00:1]:9/feed.xml',
    good: GOOD,
  },
  // ── Low: characters ────────────────────────────────────────────────────────────────────
  {
    ref: 'Low',
    name: 'NUL in a title',
    files: { 'nul.md': markdown({ title: '"Hello\\u0000 world"' }) },
    args: dryRun('nul.md'),
    expect: 'refuse',
    bad: 'nul.md',
    field: 'title',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'bidi override (U+202E) in a title',
    files: { 'bidi.md': markdown({ title: '"Invoice \\u202Efdp.exe"' }) },
    args: dryRun('bidi.md'),
    expect: 'refuse',
    bad: 'bidi.md',
    field: 'title',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'zero-width space and word joiner in a title',
    files: { 'zw.md': markdown({ id: 'zw', title: '"SECON\\u200B partners\\u2060 meet"' }) },
    args: dryRun('zw.md'),
    expect: 'accept',
    good: ['good-item', 'zw'],
    pick: /⚠/,
    check: (run) => {
      const said = /removed \d+ invisible character/.test(run.stdout);
      return { ok: said, note: said ? 'stripped, with a warning saying which' : 'no warning' };
    },
  },
  // ── Low: times ─────────────────────────────────────────────────────────────────────────
  {
    ref: 'Low',
    name: 'event offset +05:00 contradicts Europe/Berlin',
    files: {
      'offset.md': markdown({
        kind: 'announcement',
        event: `\n  name: Workshop\n  start: "${NEXT_YEAR}-05-06T09:30:00+05:00"\n  timezone: Europe/Berlin`,
      }),
    },
    args: dryRun('offset.md'),
    expect: 'refuse',
    bad: 'offset.md',
    field: 'event.start',
    good: GOOD,
    check: (run) => {
      const both = /\+05:00/.test(run.stdout) && /\+02:00/.test(run.stdout);
      return { ok: both, note: both ? 'shows both offsets' : 'does not show both offsets' };
    },
  },
  {
    ref: 'Low',
    name: `reschedule to a time that happens twice (${fallBackDay()} 03:30, Athens)`,
    args: ['reschedule', 'good-item.x-secon.en.news', `${fallBackDay()} 03:30`],
    expect: 'accept',
    pick: /happens twice/,
    check: (run) => {
      const says = /took the earlier, \S+; for the later one give \S+/.test(run.stderr + run.stdout);
      return { ok: says, note: says ? 'says which instant, and how to get the other' : 'silent about the choice' };
    },
  },
  // ── Low: history import ────────────────────────────────────────────────────────────────
  {
    ref: 'Low',
    name: 'history import: text edited, textHash kept',
    prefix: 'catalogue-import-hash',
    files: (fx) => ({
      'edited.ndjson': editedExport(fx.exportLines, 1, (e) => {
        e.text = `${e.text as string} (edited)`;
      }),
    }),
    args: ['history', 'import', 'edited.ndjson'],
    expect: 'refuse',
    bad: 'edited.ndjson',
    field: 'textHash',
    after: ['history', '--format', 'ndjson'],
    check: nothingImported,
  },
  {
    ref: 'Low',
    name: 'history import: javascript: URL',
    prefix: 'catalogue-import-js',
    files: (fx) => ({
      'js.ndjson': editedExport(fx.exportLines, 1, (e) => {
        e.state = 'published';
        e.platformPostId = '1';
        e.url = 'javascript:alert(document.cookie)';
        e.textHash = sha256(e.text as string);
      }),
    }),
    args: ['history', 'import', 'js.ndjson'],
    expect: 'refuse',
    bad: 'js.ndjson',
    field: 'url',
    after: ['history', '--format', 'ndjson'],
    check: nothingImported,
  },
  // ── Low: CSV ───────────────────────────────────────────────────────────────────────────
  {
    ref: 'Low',
    name: 'CSV: duplicate header column',
    files: {
      'dup.csv': `id,kind,language,title,title,summary,url,published\n${csvRow('r1').replace(',Title', ',T,Title')}\n`,
    },
    args: dryRun('dup.csv'),
    expect: 'refuse',
    bad: 'dup.csv',
    pick: /twice/,
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'CSV: empty file',
    files: { 'empty.csv': '' },
    args: dryRun('empty.csv'),
    expect: 'refuse',
    bad: 'empty.csv',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'CSV: one row with a broken quote between good rows',
    files: { 'quote.csv': `${CSV_HEADER}\n${csvRow('r1')}\nr2,news,en,"T"x,S,u,p\n${csvRow('r3')}\n` },
    args: dryRun('quote.csv'),
    expect: 'refuse',
    bad: 'quote.csv',
    good: ['good-item', 'r1', 'r3'],
    check: (run) => ({ ok: rejections(run) === 1, note: `${rejections(run)} rejection(s)` }),
  },
  // ── Low: JSON ──────────────────────────────────────────────────────────────────────────
  {
    ref: 'Low',
    name: 'JSON syntax error (value missing on line 4)',
    files: { 'bad.json': '{\n  "id": "x",\n  "title": \n}' },
    args: dryRun('bad.json'),
    expect: 'refuse',
    bad: 'bad.json',
    good: GOOD,
    check: (run) => {
      const line = /bad\.json:4|line 4/.test(run.stdout);
      return { ok: line, note: line ? 'line 4 named' : 'no line number' };
    },
  },
  // ── Low: preview language, ids, URLs, language case ────────────────────────────────────
  {
    ref: 'Low',
    name: 'preview --language xx',
    args: ['preview', 'good.md', '--language', 'xx'],
    expect: 'refuse',
    bad: '--language',
  },
  {
    ref: 'Low',
    name: 'id with a newline',
    files: { 'newline.json': jsonItem({ id: 'a\naccepted  forged-item' }) },
    args: dryRun('newline.json'),
    expect: 'refuse',
    bad: 'newline.json',
    field: 'id',
    good: GOOD,
    check: (run) => {
      const forged = /^accepted {2}forged-item/m.test(run.stdout);
      return { ok: !forged, note: forged ? 'forged an output line' : 'no forged output line' };
    },
  },
  {
    ref: 'Low',
    name: 'id ../secrets',
    files: { 'dotdot.json': jsonItem({ id: '../secrets' }) },
    args: dryRun('dotdot.json'),
    expect: 'refuse',
    bad: 'dotdot.json',
    field: 'id',
    good: GOOD,
  },
  {
    ref: 'Low',
    name: 'URL with user:password@',
    files: { 'creds.md': markdown({ url: 'https://user:hunter2@www.interregeurope.eu/secon' }) },
    args: dryRun('creds.md'),
    expect: 'refuse',
    bad: 'creds.md',
    field: 'url',
    good: GOOD,
    check: (run) => {
      const shown = /hunter2/.test(run.stdout + run.stderr);
      return { ok: !shown, note: shown ? 'password repeated' : 'password not repeated' };
    },
  },
  {
    ref: 'Low',
    name: 'language code EN',
    files: { 'upper.md': markdown({ id: 'upper', language: 'EN' }) },
    args: dryRun('upper.md'),
    expect: 'accept',
    good: ['good-item', 'upper'],
    pick: /^accepted {2}upper/,
    check: (run) => {
      const en = /^accepted {2}upper {2}news in en\b/m.test(run.stdout);
      return { ok: en, note: en ? 'normalised to en' : 'not normalised' };
    },
  },
  // ── Low: stack errors in YAML messages ─────────────────────────────────────────────────
  {
    ref: 'Low',
    name: 'YAML: 100,000 nested [ in front matter',
    files: { 'flow.md': `---\nid: flow\ntitle: ${'['.repeat(100_000)}\n---\nbody\n` },
    args: dryRun('flow.md'),
    expect: 'refuse',
    bad: 'flow.md',
    good: GOOD,
    check: noStackError,
  },
  {
    ref: 'Low',
    name: 'YAML: 50,000 nested "- " in front matter',
    files: { 'blocks.md': `---\nid: blocks\ntitle:\n  ${'- '.repeat(50_000)}x\n---\nbody\n` },
    args: dryRun('blocks.md'),
    expect: 'refuse',
    bad: 'blocks.md',
    good: GOOD,
    check: noStackError,
  },
];
