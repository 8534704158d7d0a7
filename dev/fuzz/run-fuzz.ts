import fc from 'fast-check';
import { type FuzzOutcome, type FuzzTarget, fuzzTargets } from './fuzz-targets.ts';

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Random inputs per target, after its hostile examples. Default 50. */
  runs?: number;
  /** Instead of `runs`: keep going until this much time has passed, shared evenly by the targets. Default none. */
  timeLimitMs?: number;
  /** Longest one input may take before it counts as a failure (the bound). Default 2000 ms. */
  maxRunMs?: number;
  /** fast-check seed, to replay a run. Default: a fresh one (printed in the report). */
  seed?: number;
  /** Only the targets with these names. Default: all. */
  only?: string[];
}

/** What fuzzing one target found. */
export interface FuzzReport extends FuzzOutcome {
  target: string;
  runs: number;
  totalMs: number;
  maxMs: number;
  seed: number;
  /** The first broken promise (the input shortened for printing), absent when none. */
  failure?: string;
  /** Distinct reasons the renderer gave for posts it refused (at most 5, with the platform counts stripped). */
  renderReasons: string[];
}

/**
 * Runs every target over its hostile examples and then random inputs, stopping at the first
 * broken promise of a target without shrinking (shrinking a 200 000-character input takes longer
 * than finding it): the report then carries the error, the input's head, and the seed to replay.
 */
export function runFuzz(options: FuzzOptions = {}): FuzzReport[] {
  const maxRunMs = options.maxRunMs ?? 2000;
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const targets = fuzzTargets().filter((t) => !options.only || options.only.includes(t.name));
  const share = options.timeLimitMs === undefined ? undefined : options.timeLimitMs / targets.length;
  return targets.map((target) => fuzzOne(target, { ...options, maxRunMs, seed, timeLimitMs: share }));
}

function fuzzOne(target: FuzzTarget, options: FuzzOptions & { maxRunMs: number; seed: number }): FuzzReport {
  const report: FuzzReport = {
    target: target.name,
    runs: 0,
    totalMs: 0,
    maxMs: 0,
    seed: options.seed,
    accepted: 0,
    refused: 0,
    posts: 0,
    renderRefused: 0,
    held: 0,
    renderReasons: [],
  };
  const property = fc.property(target.input, (value) => {
    const start = performance.now();
    const outcome = target.run(value);
    const ms = performance.now() - start;
    report.runs++;
    report.totalMs += ms;
    report.maxMs = Math.max(report.maxMs, ms);
    report.accepted += outcome.accepted;
    report.refused += outcome.refused;
    report.posts += outcome.posts;
    report.renderRefused += outcome.renderRefused;
    report.held += outcome.held;
    for (const reason of outcome.renderReasons ?? []) {
      const general = reason.replace(/\d+/g, 'N');
      if (report.renderReasons.length < 5 && !report.renderReasons.includes(general))
        report.renderReasons.push(general);
    }
    if (ms > options.maxRunMs) throw new Error(`one input took ${Math.round(ms)} ms, over ${options.maxRunMs} ms`);
  });
  const timed = options.timeLimitMs !== undefined;
  const details = fc.check(property, {
    seed: options.seed,
    numRuns: timed ? Number.MAX_SAFE_INTEGER : target.examples.length + (options.runs ?? 50),
    examples: target.examples.map((e) => [e] as [unknown]),
    endOnFailure: true,
    ...(timed ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  if (details.failed) {
    const input = JSON.stringify(details.counterexample?.[0]) ?? 'undefined';
    const shown = input.length > 300 ? `${input.slice(0, 300)}… (${input.length} characters)` : input;
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const replay = `--seed ${options.seed} (path ${details.counterexamplePath})`;
    report.failure = `${error}\n  input: ${shown}\n  replay: ${replay}`;
  }
  return report;
}

/** A table of the reports for people. */
export function formatFuzzReports(reports: FuzzReport[]): string {
  const header = [
    'target',
    'runs',
    'accepted',
    'refused',
    'posts',
    'held',
    'render-refused',
    'max ms',
    'mean ms',
    'result',
  ];
  const rows = reports.map((r) => [
    r.target,
    String(r.runs),
    String(r.accepted),
    String(r.refused),
    String(r.posts),
    String(r.held),
    String(r.renderRefused),
    r.maxMs.toFixed(0),
    r.runs ? (r.totalMs / r.runs).toFixed(1) : '-',
    r.failure ? 'FAILED' : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const failures = reports.filter((r) => r.failure).map((r) => `\n${r.target}: ${r.failure}`);
  const reasons = reports.flatMap((r) => r.renderReasons.map((reason) => `\n${r.target} refused a post: ${reason}`));
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...failures, ...reasons].join('\n');
}
