import { parseArgs } from 'node:util';
import { formatFuzzReports, runFuzz } from './run-fuzz.ts';

const HELP = `npm run fuzz -- [--minutes N | --runs N] [--seed S] [--target NAME]… [--json]

Fuzzes the news parsers (markdown, json, csv, feed), history import lines and the renderer with
hostile inputs: long words up to 200 000 characters, deep nesting, entity tricks, mutations of
the samples. Fails (exit 1) on an exception other than the project's refusal, an input taking
over 2 s, or a post over its platform's limit. Default: 1 minute shared by the targets.`;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    target: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const minutes = values.runs === undefined ? Number(values.minutes ?? 1) : undefined;
if (minutes !== undefined && !(minutes > 0)) {
  process.stderr.write(`--minutes "${values.minutes}": expected a positive number\n`);
  process.exit(2);
}
const started = performance.now();
const reports = runFuzz({
  ...(minutes !== undefined ? { timeLimitMs: minutes * 60_000 } : { runs: Number(values.runs) }),
  ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
  ...(values.target ? { only: values.target } : {}),
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (values.json) process.stdout.write(`${JSON.stringify({ seconds: Number(seconds), reports }, null, 2)}\n`);
else {
  const total = reports.reduce((n, r) => n + r.runs, 0);
  process.stdout.write(`${formatFuzzReports(reports)}\n\n${total} inputs in ${seconds} s, seed ${reports[0]?.seed}\n`);
}
process.exitCode = reports.some((r) => r.failure) ? 1 : 0;
