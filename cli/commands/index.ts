import type { Command } from 'commander';
import { registerConfig } from './config.ts';
import { registerDemo } from './demo.ts';
import { registerDoctor } from './doctor.ts';
import { registerHistory } from './history.ts';
import { registerIngest } from './ingest.ts';
import { registerPostCommands } from './post-commands.ts';
import { registerPreview } from './preview.ts';
import { registerSandbox } from './sandbox.ts';
import { registerSchedule } from './schedule.ts';
import { registerWeb } from './web.ts';
import { registerWorker } from './worker.ts';

/** Every subcommand registers itself on the root program; one file per command group. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerDemo,
  registerPreview,
  registerIngest,
  registerSchedule,
  registerPostCommands,
  registerWorker,
  registerWeb,
  registerHistory,
  registerSandbox,
  registerDoctor,
  registerConfig,
];
