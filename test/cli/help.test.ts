import { execFileSync } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { completionScript } from '../../cli/actions/completion.ts';
import { buildProgram } from '../../cli/main.ts';
import { DEMO_KEY_PREFIX } from '../../dev/demo/demo-runner.ts';
import { runCli } from '../helpers/cli.ts';

/** Every command and subcommand, by its path ("history export"). */
function commands(command: Command, prefix = ''): Array<[string, Command]> {
  return command.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => [[`${prefix}${c.name()}`, c] as [string, Command], ...commands(c, `${prefix}${c.name()} `)]);
}

/**
 * Commands that print no data to read by a script: a service, a script for the shell, an export that is NDJSON already.
 */
const NO_JSON = new Set(['worker', 'completion', 'history export', 'web', 'web hash-password']);

describe('help', () => {
  const all = commands(buildProgram());

  it('every command has a one-line description and at least one example', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const [name, command] of all) {
      const description = command.description();
      expect(description, name).not.toContain('\n');
      expect(description.length, `${name}: "${description}"`).toBeLessThanOrEqual(100);
      expect(description, name).toMatch(/^[A-Z].*\.$/);
      const help = command.helpInformation() + helpAfter(command);
      expect(help, name).toMatch(/Examples:\n {2}secon-bot /);
    }
  });

  it('demo says where it writes when REDIS_URL is set: its own key prefix, never the real log', () => {
    const demo = all.find(([name]) => name === 'demo')![1];
    const help = helpAfter(demo).replace(/\s+/g, ' ');
    expect(help).toContain(`key prefix of its own ("${DEMO_KEY_PREFIX}", never redis.keyPrefix`);
  });

  it('every command that prints data takes --json', () => {
    for (const [name, command] of all) {
      if (NO_JSON.has(name)) continue;
      const flags = [...command.options, ...(command.parent?.options ?? [])].map((o) => o.long);
      expect(flags, name).toContain('--json');
    }
  });

  it('--channel means one thing everywhere: channel ids, comma-separated or repeated', () => {
    const withChannel = all.filter(([, c]) => c.options.some((o) => o.long === '--channel'));
    expect(withChannel.map(([name]) => name).sort()).toEqual([
      'activity',
      'agenda',
      'approve',
      'cancel',
      'history',
      'pauses',
      'preview',
      'report',
    ]);
    for (const [name, command] of withChannel) {
      const option = command.options.find((o) => o.long === '--channel')!;
      expect(option.flags, name).toBe('--channel <ids>');
      expect(option.description, name).toContain('comma-separated or repeated');
    }
  });

  it('--news, --platform, --language and --now mean one thing wherever they are', () => {
    const same = (long: string) => {
      const options = all.flatMap(([name, c]) =>
        c.options.filter((o) => o.long === long).map((o) => [name, o] as const),
      );
      return { names: options.map(([name]) => name).sort(), flags: new Set(options.map(([, o]) => o.flags)) };
    };
    const news = same('--news');
    expect(news.names).toEqual(['activity', 'approve', 'cancel', 'history']);
    expect(news.flags).toEqual(new Set(['--news <ids>']));
    for (const name of news.names) {
      const option = all.find(([n]) => n === name)![1].options.find((o) => o.long === '--news')!;
      expect(option.description, name).toContain('comma-separated or repeated');
      // Several values gathered, as history always did.
      expect(option.parseArg?.('b', ['a']), name).toEqual(['a', 'b']);
    }
    for (const long of ['--platform', '--language']) expect(same(long).names).toContain('report');
    // X is named as the product names it; twitter (its stored value) is still taken.
    for (const name of same('--platform').names) {
      const option = all.find(([n]) => n === name)![1].options.find((o) => o.long === '--platform')!;
      expect(option.description, name).toBe('only these platforms: facebook, linkedin, x (or twitter)');
    }
    const now = same('--now');
    expect(now.names).toEqual(['ingest', 'preview', 'schedule']);
    expect(now.flags).toEqual(new Set(['--now <date-time>']));
  });

  it('--help of the built command lists the commands, the global options and the environment (exit 0)', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('completion <shell>');
    expect(result.stdout).toContain('--sandbox <url>');
    expect(result.stdout).toContain('NO_COLOR');
  });
});

describe('help on an 80-column terminal', () => {
  const paths = ['', ...commands(buildProgram()).map(([name]) => name)];
  /** Lines over `width` columns, but for example commands (copied whole, so never broken). */
  const overlong = (text: string, width: number) =>
    text.split('\n').filter((line) => line.length > width && !/^ {2}secon-bot /.test(line));

  it("every command's help, its notes too, fits in 80 columns in a file or a pipe (commander's width there)", async () => {
    const helps = await Promise.all(
      paths.map((path) => runCli([...path.split(' ').filter(Boolean), '--help'], { env: { COLUMNS: '' } })),
    );
    for (const [i, help] of helps.entries()) {
      expect(help.code, paths[i]).toBe(0);
      expect(overlong(help.stdout, 80), `secon-bot ${paths[i]} --help`).toEqual([]);
    }
    // The list of commands wraps too: its terms leave " [options]" out, so the descriptions have room.
    expect(helps[0]!.stdout).toMatch(
      /^ {2}reschedule <post-id> <time> {2}Move a post that has not gone out to another\n {31}time/m,
    );
  });

  it('the notes follow a narrower terminal (COLUMNS), examples stay whole', async () => {
    const help = await runCli(['sandbox', '--help'], { env: { COLUMNS: '60' } });
    expect(overlong(help.stdout, 60)).toEqual([]);
    expect(help.stdout).toContain('  secon-bot --sandbox http://127.0.0.1:4100 worker   # in another terminal');
    expect(help.stdout).toContain('`set -a; . ./.env.sandbox; set +a`');
  });
});

/** The text commander prints after the options (addHelpText 'after'). */
function helpAfter(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (t) => (text += t), writeErr: () => undefined });
  command.exitOverride();
  try {
    command.outputHelp();
  } catch {
    // outputHelp does not throw; exitOverride only keeps commander from exiting.
  }
  return text;
}

describe('completion', () => {
  /** Runs the bash completion function for the words typed so far; returns what it offers. */
  function complete(words: string[]): string[] {
    const script = `${completionScript('bash')}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_secon_bot; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['-c', script], { encoding: 'utf8', cwd: '/' }).split('\n').filter(Boolean);
  }

  it('bash: commands, subcommands and options, after global options and their values', () => {
    expect(complete(['secon-bot', 'hist'])).toEqual(['history']);
    expect(complete(['secon-bot', 'history', 'ex'])).toEqual(['export']);
    expect(complete(['secon-bot', '--config', 'x.yaml', 'pre'])).toEqual(['preview']);
    expect(complete(['secon-bot', 'preview', '--ch'])).toEqual(['--channel']);
    expect(complete(['secon-bot', 'approve', '--all'])).toEqual(['--all-waiting']);
    expect(complete(['secon-bot', 'report', '--ch'])).toEqual(['--channel']);
    expect(complete(['secon-bot', 'report', '--la'])).toEqual(['--language']);
    expect(complete(['secon-bot', 'schedule', '--no'])).toEqual(['--now']);
    // --news takes a value: the word after it is not a command.
    expect(complete(['secon-bot', 'cancel', '--news', 'a', '--ch'])).toEqual(['--channel']);
    expect(complete(['secon-bot', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(complete(['secon-bot', 'new', 'an'])).toEqual(['announcement']);
  });

  it('zsh and fish: every command with its description', () => {
    const zsh = completionScript('zsh');
    const fish = completionScript('fish');
    expect(zsh.startsWith('#compdef secon-bot')).toBe(true);
    for (const name of ['new', 'preview', 'reschedule', 'history']) {
      expect(zsh).toMatch(new RegExp(`'${name}:[A-Z]`));
      expect(fish).toMatch(new RegExp(`-a '${name}' -d '[A-Z]`));
    }
    expect(fish).toContain("-l all-waiting -d 'every post waiting for approval'");
    expect(fish).toContain(
      "-l news -r -F -d 'every waiting post of these news items (their ids, or the key their post ids begin with; comma-separated or repeated)'",
    );
    expect(fish).toMatch(/from report' -l channel -r -F/);
    expect(fish).toContain("-l now -r -F -d 'with --dry-run only: plan as if it were this time (ISO 8601 with zone)'");
    expect(zsh).toContain("'--now:with --dry-run only\\: plan as if it were this time (ISO 8601 with zone)'");
  });

  it('an unknown shell is bad usage', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/'tcsh' is invalid.*Allowed choices are bash, zsh, fish/s);
  });

  it('numeric defaults show as numbers', () => {
    const all = commands(buildProgram());
    const help = (name: string) =>
      all
        .find(([n]) => n === name)![1]
        .helpInformation()
        .replace(/\s+/g, ' ');
    expect(help('sandbox')).toContain('(default: 1000)');
    expect(help('demo')).toContain('(default: 4)');
    expect(help('demo')).toContain('(default: 180)');
    expect(help('pauses')).toContain('(default: 20)');
    expect(help('sandbox') + help('demo') + help('pauses')).not.toMatch(/default: "\d+"/);
  });

  it("report: --since's default is said; a bad option value is said the secon-bot way (exit 2)", async () => {
    const report = commands(buildProgram()).find(([n]) => n === 'report')![1];
    expect(report.helpInformation().replace(/\s+/g, ' ')).toMatch(
      /--since <when> +start of the period .*default: the last twelve months, this one included/,
    );
    const result = await runCli(['report', '--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^secon-bot: option '--format <format>' argument 'xml' is invalid/);
  });

  it('no sandbox notice on commands that never call a platform', async () => {
    const env = { SECON_BOT_SANDBOX: 'http://127.0.0.1:4100' };
    const preview = await runCli(['preview', 'news/2023-11-haskovo-workshop.md', '--now', '2023-11-01T09:00:00Z'], {
      env,
    });
    expect(preview.code).toBe(0);
    const created = await runCli(['new', 'news', '-o', '-'], { env });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('# A news item for secon-bot');
    const ingest = await runCli(['ingest', '--dry-run', 'news/2023-11-haskovo-workshop.md'], { env });
    expect(ingest.stderr).toContain('secon-bot: '); // it does speak on stderr (old news: nothing to plan)…
    for (const result of [preview, created, ingest]) expect(result.stderr).not.toContain('sandbox platforms at');
  });
});
