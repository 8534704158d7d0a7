import type { Command } from 'commander';
import { registerLogCommands } from './log.ts';
import { registerNewsCommands } from './news.ts';
import { registerPostCommands } from './posts.ts';
import { registerToolCommands } from './tools.ts';
import { registerWebCommands } from './web.ts';

/**
 * Every subcommand registers itself on the root program; one file per group of commands. The
 * definitions load only commander: each command's work (cli/actions/) loads when it runs.
 */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerNewsCommands,
  registerPostCommands,
  registerLogCommands,
  registerToolCommands,
  registerWebCommands,
];
