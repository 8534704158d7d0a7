import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { formatChecks } from '../../cli/actions/doctor.ts';
import { colourOn, paint, setColourFlag } from '../../cli/output/colour.ts';
import { hanging } from '../../cli/output/hanging-text.ts';
import { ProgressLine } from '../../cli/output/progress-line.ts';
import { displayLength, renderTable } from '../../src/log/text-table.ts';
import { runCli } from '../helpers/cli.ts';

/** A stream that says it is (or is not) a terminal, and keeps what was written. */
function stream(isTTY: boolean, columns = 80): NodeJS.WriteStream & { text: () => string } {
  const out = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let text = '';
  out.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as typeof out.write;
  Object.assign(out, { isTTY, columns, text: () => text });
  return out;
}

/** An escape sequence (colour, cursor): ESC then '['. */
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[`);

describe('tables that fit the screen', () => {
  const link = 'https://www.linkedin.com/feed/update/urn:li:share:7390000000000000002?utm_source=linkedin';
  const header = ['WHEN', 'CHANNEL', 'STATE', 'LINK / ERROR', 'TEXT'];
  const rows = [
    [
      '2023-11-13 09:00',
      'linkedin-secon',
      'published',
      link,
      'Interregional workshop in Haskovo with partners from nine regions',
    ],
    [
      '2023-11-13 10:00',
      'x-secon',
      'failed',
      'rejected: Text too long',
      'Ημερίδα στο Χάσκοβο 🎉 漢字 wide characters count two',
    ],
  ];
  const columns = [undefined, undefined, undefined, { whole: true }, { wrapTo: 16 }];

  it('keeps its natural width when there is room', () => {
    const text = renderTable(header, rows);
    expect(text.split('\n')).toHaveLength(4);
    expect(text).toContain(link);
  });

  it('on a narrow screen wraps the text and moves the links under their row, never cutting one', () => {
    const text = renderTable(header, rows, { width: 80, columns });
    const lines = text.split('\n');
    for (const line of lines) if (!line.includes('https://')) expect(displayLength(line), line).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => l.includes(link))).toEqual([`  ↳ ${link}`]);
    expect(text).not.toMatch(/…/);
    expect(text.replace(/\s+/g, ' ')).toContain('Interregional workshop in Haskovo with partners from nine regions');
  });

  it('moves a `movesLast` column under its row only when wrapping cannot make room', () => {
    const last = [undefined, undefined, undefined, { whole: true }, { wrapTo: 16, movesLast: true }];
    const roomy = renderTable(header, rows, { width: 80, columns: last });
    expect(roomy).toBe(renderTable(header, rows, { width: 80, columns }));
    const narrow = renderTable(header, rows, { width: 50, columns: last }).split('\n');
    for (const line of narrow)
      if (!line.includes('https://')) expect(displayLength(line), line).toBeLessThanOrEqual(50);
    // Under its row, after the link (column order), wrapped to the screen under its own start.
    const at = narrow.indexOf(`  ↳ ${link}`);
    expect(narrow.slice(at + 1, at + 3)).toEqual([
      '  ↳ Interregional workshop in Haskovo with',
      '    partners from nine regions',
    ]);
  });

  it('counts wide characters as two columns', () => {
    expect(displayLength('漢字')).toBe(4);
    expect(displayLength('🎉')).toBe(2);
    expect(displayLength('\x1b[32mok\x1b[39m')).toBe(2);
  });
});

describe('long lines on a screen', () => {
  const long =
    'Valkey 8.0.1 with appendfsync everysec confirms a WAITAOF once the write is in the append-only file, before it ' +
    'is fsynced: a power cut can still lose it. See https://valkey.io/commands/waitaof/?a-very-long-link=1 for more';

  it('wrap under their start at the screen width, never cutting a link; unwrapped without a width', () => {
    const text = hanging('✔ durable claims  ', long, 80);
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) if (!line.includes('https://')) expect(displayLength(line), line).toBeLessThanOrEqual(80);
    for (const line of lines.slice(1)) expect(line.startsWith(' '.repeat(18))).toBe(true);
    expect(text.replace(/\s+/g, ' ')).toBe(`✔ durable claims ${long}`);
    expect(hanging('✔ durable claims  ', long, undefined)).toBe(`✔ durable claims  ${long}`);
  });

  it('go under a prefix that leaves too little room', () => {
    const lines = hanging(`${'x'.repeat(70)} `, 'en  (unset: SECON_X_APP_KEY, SECON_X_APP_SECRET)', 80).split('\n');
    expect(lines[0]).toBe('x'.repeat(70));
    expect(lines[1]).toBe('    en  (unset: SECON_X_APP_KEY, SECON_X_APP_SECRET)');
  });

  it("doctor's checks, warnings and fixes fit 80 columns", () => {
    const checks = [
      { name: 'durable claims', ok: true, detail: 'yes', warning: long },
      { name: 'channel x-secon', ok: false, detail: long, fix: long },
    ];
    const lines = formatChecks(checks, 80).split('\n');
    for (const line of lines) if (!line.includes('https://')) expect(displayLength(line), line).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => l.includes('fix: '))).toHaveLength(1);
  });
});

describe('colour', () => {
  afterEach(() => setColourFlag(true));

  it('only on a terminal, never with NO_COLOR or --no-color; FORCE_COLOR forces it', () => {
    expect(colourOn(stream(true), {})).toBe(true);
    expect(colourOn(stream(false), {})).toBe(false);
    expect(colourOn(stream(true), { NO_COLOR: '1' })).toBe(false);
    expect(colourOn(stream(false), { FORCE_COLOR: '1' })).toBe(true);
    setColourFlag(false);
    expect(colourOn(stream(true), {})).toBe(false);
    expect(paint('green', 'ok', stream(true))).toBe('ok');
  });

  it('the command: colour with FORCE_COLOR, none with --no-color or NO_COLOR, none in a pipe', async () => {
    const forced = await runCli(['config'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toMatch(ANSI);
    expect((await runCli(['--no-color', 'config'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } })).stdout).not.toMatch(
      ANSI,
    );
    expect((await runCli(['config'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await runCli(['config'], { env: { FORCE_COLOR: '', NO_COLOR: '' } })).stdout).not.toMatch(ANSI);
  });
});

describe('progress line', () => {
  it('says nothing for work that ends within the delay', () => {
    const out = stream(true);
    const progress = new ProgressLine('importing', 10, { stream: out, delayMs: 60_000 });
    progress.update(5);
    progress.finish();
    expect(out.text()).toBe('');
  });

  it('on a terminal: one line redrawn in place, removed at the end', () => {
    const out = stream(true);
    const progress = new ProgressLine('importing', 144_000, { stream: out, delayMs: 0 });
    progress.update(12_000, 'checking every line');
    progress.finish();
    const clear = `\r${ESC}[2K`;
    expect(out.text().startsWith(`${clear}importing · 12,000 / 144,000 (8%) · checking every line · `)).toBe(true);
    expect(out.text().endsWith(` s${clear}`)).toBe(true);
  });

  it('elsewhere: plain lines, at most one per interval', () => {
    const out = stream(false);
    const progress = new ProgressLine('exporting', 100, { stream: out, delayMs: 0, plainEveryMs: 60_000 });
    for (let i = 0; i < 100; i++) progress.update(i);
    progress.finish();
    expect(out.text()).toBe('exporting · 0 / 100 (0%) · 0 s\n');
  });
});
