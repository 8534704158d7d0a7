import { paint } from './colour.ts';

/** A line for the person at the terminal on stderr ("secon-bot: …"), never mixed into stdout's data. */
export function notice(message: string): void {
  process.stderr.write(`${paint('dim', `secon-bot: ${message}`, process.stderr)}\n`);
}
