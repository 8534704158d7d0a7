import type { Command } from 'commander';

/** Placeholder: the issue that owns this command replaces it. */
export function registerDemo(program: Command): void {
  void program;
}
