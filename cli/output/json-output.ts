/**
 * The `--json` document on stdout. A command prints one; when it fails before printing it, main()
 * prints `{ "error", "exitCode" }` in its place, so a script always reads one JSON document.
 */
let printed = false;

/** Prints a value as pretty JSON on stdout (the `--json` output of every command). */
export function printJson(value: unknown): void {
  printed = true;
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** True once this run printed its JSON document. */
export function jsonPrinted(): boolean {
  return printed;
}

/** A new run of the CLI (tests run several in one process). */
export function resetJsonOutput(): void {
  printed = false;
}
