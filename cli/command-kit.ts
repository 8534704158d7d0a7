import type { Command } from 'commander';
import { platformOf } from '../src/platforms/platform-alias.ts';
import { helpWidth, wrapHelpText } from './output/help-layout.ts';

/**
 * What every command definition (cli/commands/) is made of. Definitions import only commander and
 * this file, so `secon-bot --help` and the start of any command load no more than that: the work
 * of a command (cli/actions/) and its dependencies are loaded when the command runs.
 */

/** A module of cli/actions/: `run` gets what commander hands an action (arguments, options, the command). */
export interface ActionModule {
  run(...args: never[]): unknown;
}

/** An action that imports its module only when the command runs. */
export function lazy(load: () => Promise<ActionModule>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const module = await load();
    await (module.run as (...a: unknown[]) => unknown)(...args);
  };
}

/** Commander collector: repeatable and comma-separated (`--language bg,el --language pl`). */
export function list(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** Commander collector for `--platform`: as {@link list}, with `x` taken as `twitter` (platformOf). */
export function platformList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...list(value, undefined).map(platformOf)];
}

/** The one `--channel` of every command: channel ids, comma-separated or the option repeated. */
export function channelOption(command: Command, what = 'only these channels'): Command {
  return command.option('--channel <ids>', `${what} (comma-separated or repeated)`, list);
}

/**
 * The one `--news` of every command: news ids, comma-separated or the option repeated; each the
 * item's id or its key in post ids (a feed item's digest), see src/log/news-key-lookup.ts.
 */
export function newsOption(command: Command, what = 'only posts of these news items'): Command {
  return command.option(
    '--news <ids>',
    `${what} (their ids, or the key their post ids begin with; comma-separated or repeated)`,
    list,
  );
}

/** The one `--now` of every command that plans: the clock the plan is made as of, parsed by `parseNow`. */
export function nowOption(command: Command, what = 'plan as if it were this time'): Command {
  return command.option('--now <date-time>', `${what} (ISO 8601 with zone)`);
}

/** `--json` on every command that prints data. */
export function jsonOption(command: Command, what = 'print JSON for scripts'): Command {
  return command.option('--json', what);
}

/**
 * Examples under a command's help; every command has at least one (test/cli/help.test.ts checks).
 * `more` is written a paragraph to a line: it is wrapped to the screen when the help is shown.
 */
export function examples(command: Command, lines: string[], more?: string): Command {
  const text = `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}${more ? `\n\n${more}` : ''}`;
  return command.addHelpText('after', ({ error }) => wrapHelpText(text, helpWidth(error)));
}
