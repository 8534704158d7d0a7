import { describe, expect, it } from 'vitest';
import { wrapHelpText } from '../../cli/output/help-layout.ts';

const words = (text: string) => text.split(/\s+/u).filter(Boolean);

describe('wrapHelpText', () => {
  it('wraps a note at spaces to the width, losing no word, and leaves a line that fits as it is', () => {
    const note =
      'Runs the publish workers (X, LinkedIn, Facebook), the feed polls, the minute sweep, the daily ' +
      'credentials check and the daily log trim; each periodic task runs once per tick.';
    const wrapped = wrapHelpText(`Short line.\n${note}`, 50);
    const lines = wrapped.split('\n');
    expect(lines[0]).toBe('Short line.');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(50);
    expect(words(wrapped)).toEqual(words(`Short line.\n${note}`));
  });

  it('puts the wrapped lines of a "term  text" line under its text, or under the term when the text has no room', () => {
    const line =
      '  REDIS_URL            Redis to use (default redis://127.0.0.1:6379; commands say so when they use it)';
    expect(wrapHelpText(line, 80)).toBe(
      '  REDIS_URL            Redis to use (default redis://127.0.0.1:6379; commands\n' +
        '                       say so when they use it)',
    );
    // 50 - 23 leaves under 30 columns beside the term.
    expect(wrapHelpText(line, 50)).toBe(
      '  REDIS_URL\n      Redis to use (default\n      redis://127.0.0.1:6379; commands say so when\n      they use it)',
    );
  });

  it('the text column is found after the last wide gap ("  GET  path   what")', () => {
    const line = '  GET  _sandbox/requests   every request the sandbox received, in the order it came';
    const [first, second] = wrapHelpText(line, 70).split('\n');
    expect(first).toBe('  GET  _sandbox/requests   every request the sandbox received, in the');
    expect(second).toBe(`${' '.repeat(27)}order it came`);
  });

  it('never breaks an example command or `code` in a note', () => {
    const example = '  secon-bot completion bash > ~/.local/share/bash-completion/completions/secon-bot';
    expect(wrapHelpText(example, 60)).toBe(example);
    const wrapped = wrapHelpText(
      'A file from --write is loaded into a shell with `set -a; . ./.env.sandbox; set +a`.',
      60,
    );
    expect(wrapped).toBe('A file from --write is loaded into a shell with\n`set -a; . ./.env.sandbox; set +a`.');
  });
});
