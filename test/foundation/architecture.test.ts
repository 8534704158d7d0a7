import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]!);
}

/** The layering the project promises: domain in src/, BullMQ wiring in queues/, the CLI on top. */
describe('architecture', () => {
  it('src/ (the domain) imports neither BullMQ nor the queue wiring nor the CLI', () => {
    const offenders = tsFiles('src').flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === 'bullmq' || /(^|\/)(queues|cli)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('queues/ does not depend on the CLI', () => {
    const offenders = tsFiles('queues').flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)cli\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
