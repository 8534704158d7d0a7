import type { Command } from 'commander';

/** Placeholder: the issue that owns this command replaces it. */
export function registerIngest(program: Command): void {
  void program;
}
