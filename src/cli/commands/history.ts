import type { Command } from 'commander';

/** Placeholder: the issue that owns this command replaces it. */
export function registerHistory(program: Command): void {
  void program;
}
