import { type Command, Help } from 'commander';
import { screenWidth } from './screen.ts';

/** The width help is laid out for when it goes to a file or a pipe: commander's own default. */
export const DEFAULT_HELP_WIDTH = 80;

/** The least room a wrapped text keeps beside its hanging indent; with less it goes under its term. */
const MIN_TEXT_WIDTH = 30;
/** How far a text put under its term is indented past the line's own indent. */
const UNDER_TERM_INDENT = 4;

/** A line that is a command to copy (an example): never broken, a shell would read two commands. */
const EXAMPLE = /^\s*secon-bot\s/u;
/**
 * "  NAME   what it is": an indented term, two spaces or more, then its text (the last such gap:
 * "  GET  _sandbox/posts   what was posted"); wrapped lines go under the text.
 */
const TERM_THEN_TEXT = /^\s+\S.*\S {2,}(?=\S)/u;
/** `code` in a note: copied whole, so never broken at its spaces. */
const CODE = /`[^`]*`/gu;
/** Stands for a space inside `code` while the line is wrapped (a private-use character). */
const KEPT_SPACE = '\ue000';

/**
 * The width help is laid out for: the terminal's, or COLUMNS, as every other output of the command
 * (screen.ts); 80 in a file or a pipe. Help for a usage error goes to stderr, so that stream counts.
 */
export function helpWidth(error = false, env: NodeJS.ProcessEnv = process.env): number {
  return screenWidth(env, error ? process.stderr : process.stdout) ?? DEFAULT_HELP_WIDTH;
}

/**
 * The text under a command's options (examples, notes, environment), each line wrapped at spaces to
 * `width` with a hanging indent: under its own indent, or under the text of a "term  text" line.
 * Commander wraps its option lists but prints this text as written, so a note written as one long
 * line ran past an 80-column terminal. Examples are left whole; a line that fits is left as it is.
 */
export function wrapHelpText(text: string, width: number): string {
  const help = new Help();
  // commander's own floor (40) is for its two-column lists; a note can be wrapped narrower.
  help.minWidthToWrap = MIN_TEXT_WIDTH;
  return text
    .split('\n')
    .map((line) => {
      if (help.displayWidth(line) <= width || EXAMPLE.test(line)) return line;
      const indent = /^\s*/u.exec(line)![0].length;
      const term = TERM_THEN_TEXT.exec(line)?.[0].length;
      if (term !== undefined && width - term < MIN_TEXT_WIDTH) {
        // No room beside the term: the term on its line, the text under it.
        return `${line.slice(0, term).trimEnd()}\n${hangingLines(help, line.slice(term), width, indent + UNDER_TERM_INDENT)}`;
      }
      const hang = term ?? indent;
      return line.slice(0, hang) + hangingLines(help, line.slice(hang), width, hang).trimStart();
    })
    .join('\n');
}

/** `text` wrapped to `width` with every line indented by `hang` columns. */
function hangingLines(help: Help, text: string, width: number, hang: number): string {
  const kept = text.replace(CODE, (code) => code.replaceAll(' ', KEPT_SPACE));
  return help
    .boxWrap(kept, width - hang)
    .split('\n')
    .map((part) => ' '.repeat(hang) + part.replaceAll(KEPT_SPACE, ' '))
    .join('\n');
}

/**
 * A subcommand as the list of commands names it: its name and arguments, without commander's
 * " [options]" (every command has options; its own help lists them). The shorter names leave the
 * descriptions room to be wrapped at 80 columns: commander does not wrap a column under 40 wide.
 */
export function subcommandTerm(command: Command): string {
  const args = command.registeredArguments.map((arg) => {
    const name = `${arg.name()}${arg.variadic ? '...' : ''}`;
    return arg.required ? `<${name}>` : `[${name}]`;
  });
  return [command.name(), ...args].join(' ');
}
