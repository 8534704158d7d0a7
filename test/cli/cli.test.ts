import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayLength } from '../../src/log/text-table.ts';
import { runCli } from '../helpers/cli.ts';
import { testRedisUrl } from '../helpers/redis.ts';

const shipped = readFileSync('secon-bot.yaml', 'utf8');

function tempConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'secon-cli-')), 'secon-bot.yaml');
  writeFileSync(file, text);
  return file;
}

describe('secon-bot CLI', () => {
  it('--help lists the subcommands and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['demo', 'preview', 'worker', 'history', 'config']) expect(result.stdout).toContain(command);
    expect(result.stdout).toContain('Exit codes');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('an unknown subcommand is bad usage (exit 2)', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it.each([
    ['preview', '--no-such-flag', 'news'],
    ['worker', '--bogus'],
    ['history', 'export', '--bogus'],
  ])('an unknown option of a subcommand (%s) is bad usage (exit 2)', async (...args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option');
  });

  it('validates the shipped configuration', async () => {
    const result = await runCli(['config'], { env: { SECON_BOT_CONFIG: '' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid');
    expect(result.stdout).toContain('urn:li:organization:93265886');
  });

  it.each([
    ['an unknown platform', shipped.replace('platform: facebook', 'platform: friendster'), 'channels[2].platform'],
    ['a missing channel id', shipped.replace('  - id: linkedin-secon\n', '  -\n'), 'channels[1].id'],
    ['bad YAML', `${shipped}\n  broken: [\n`, 'invalid YAML at line'],
  ])('rejects %s with exit 2 and the key path', async (_label, text, expected) => {
    const file = tempConfig(text);
    const result = await runCli(['--config', file, 'config']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain(expected);
  });

  it('reads the configuration path from SECON_BOT_CONFIG', async () => {
    const file = tempConfig(shipped.replace('platform: twitter', 'platform: tiktok'));
    const result = await runCli(['config'], { env: { SECON_BOT_CONFIG: file } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('channels[0].platform');
  });

  it('run where there is no configuration: says where it looked, how to name one, and where the project keeps its own', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'secon-cli-'));
    const result = await runCli(['config'], { cwd: empty, env: { SECON_BOT_CONFIG: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${join(empty, 'secon-bot.yaml')}: no such configuration file; secon-bot reads secon-bot.yaml in the working folder, or the file that -c <file> or SECON_BOT_CONFIG names (the project's own: ${join(process.cwd(), 'secon-bot.yaml')})`,
    );
  });

  it('a credential file that cannot be read: config shows it as unreadable, doctor fails its channel', async () => {
    const env = { SECON_BOT_CONFIG: '', SECON_FACEBOOK_PAGE_TOKEN_FILE: '/nonexistent/secon/token', COLUMNS: '' };
    const reason = 'SECON_FACEBOOK_PAGE_TOKEN_FILE: cannot read /nonexistent/secon/token (no such file)';
    const config = await runCli(['config'], { env });
    expect(config.code).toBe(0);
    expect(config.stdout).toMatch(new RegExp(`facebook-secon .*\\(unreadable: ${reason.replace(/[()]/g, '\\$&')}\\)`));
    const json = JSON.parse((await runCli(['config', '--json'], { env })).stdout) as {
      channels: Array<{ id: string; credentialsUnreadable: string[] }>;
    };
    expect(json.channels.find((c) => c.id === 'facebook-secon')?.credentialsUnreadable).toEqual([reason]);
    // Redis out of reach on purpose: the channel checks do not need it.
    const doctor = await runCli(['doctor'], { env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' } });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`✘ channel facebook-secon  credentials unreadable: ${reason}`);
    expect(doctor.stderr).not.toContain('ENOENT');
  });

  it('config fits an 80-column screen; in a pipe without COLUMNS each channel stays one line', async () => {
    const narrow = await runCli(['config'], { env: { SECON_BOT_CONFIG: '', COLUMNS: '80' } });
    expect(narrow.code).toBe(0);
    for (const line of narrow.stdout.split('\n')) expect(displayLength(line), line).toBeLessThanOrEqual(80);
    expect(narrow.stdout).toContain('SECON_X_ACCESS_SECRET');
    const piped = await runCli(['config'], { env: { SECON_BOT_CONFIG: '', COLUMNS: '' } });
    expect(piped.stdout).toMatch(/● x-secon .*\(unset: SECON_X_APP_KEY, .*SECON_X_ACCESS_SECRET\)/);
  });
});

describe('--json when a command fails', () => {
  it.each([
    [
      'an option checked before Redis',
      ['history', '--since', 'banana', '--json'],
      2,
      '--since: "banana" is not a date',
    ],
    [
      '--format json as --json',
      ['report', '--format', 'json', '--since', '2999-01'],
      2,
      '--since (2999-01) is after now',
    ],
    ['an unknown post', ['reschedule', 'nope.x-secon.en.news', '2030-01-01T10:00', '--json'], 2, 'unknown post id'],
    ['an unknown channel', ['pause', 'no-such-channel', '--json'], 2, 'unknown channel "no-such-channel"'],
  ])(
    '%s: stdout is {error, exitCode}, stderr has the message, the exit code is kept',
    async (_label, args, code, said) => {
      const result = await runCli(args, { env: { REDIS_URL: testRedisUrl() } });
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(said);
      const answer = JSON.parse(result.stdout) as { error: string; exitCode: number };
      expect(answer).toEqual({ error: expect.stringContaining(said), exitCode: code });
      // The hint for people stays on stderr.
      expect(answer.error).not.toContain('LOG_LEVEL');
    },
  );

  it('without --json stdout stays empty', async () => {
    const result = await runCli(['history', '--since', 'banana'], { env: { REDIS_URL: testRedisUrl() } });
    expect(result).toMatchObject({ code: 2, stdout: '' });
  });

  it('a command that already answered in JSON is not given a second document', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secon-cli-')), 'bad.ndjson');
    writeFileSync(file, 'not json\n');
    const result = await runCli(['history', 'import', file, '--json'], {
      env: {
        REDIS_URL: testRedisUrl(),
        SECON_BOT_CONFIG: tempConfig(shipped.replace('keyPrefix: secon', 'keyPrefix: cli-json-import')),
      },
    });
    expect(result.code).toBe(2);
    const answer = JSON.parse(result.stdout) as { imported: number; error: string };
    expect(answer).toMatchObject({ imported: 0, error: expect.stringContaining('bad.ndjson') });
  });
});
