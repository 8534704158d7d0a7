import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';

function tsFiles(dir: string): string[] {
  if (!existsSync(join(REPO_ROOT, dir))) return [];
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;

/** What a file imports: packages by name, project files as their top-level folder (`src`, `queues`, …). */
function importsOf(file: string): Array<{ spec: string; room: string }> {
  return [...readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(IMPORT)].map((m) => {
    const spec = m[1]!;
    if (!spec.startsWith('.')) return { spec, room: spec };
    const target = normalize(relative('.', join(dirname(file), spec)));
    return { spec, room: target.split(/[\\/]/)[0]! };
  });
}

/** The rooms of the house and which other rooms (and packages) each may use. */
const ALLOWED: Record<string, { rooms: string[]; forbiddenPackages?: string[] }> = {
  // The domain: news, templates, planning, adapters, publishing, the log. Tested without BullMQ.
  src: { rooms: ['src'], forbiddenPackages: ['bullmq', 'node-cron', 'fastify', 'playwright-core'] },
  // Thin BullMQ wiring over the domain.
  queues: { rooms: ['src', 'queues'] },
  // The one composition root.
  app: { rooms: ['src', 'queues', 'app'] },
  // The worker process: publish workers, cron, health, feeds.
  worker: { rooms: ['src', 'queues', 'app', 'worker'] },
  // The review desk: pages over the same app as the CLI; never BullMQ directly.
  web: { rooms: ['src', 'app', 'web'], forbiddenPackages: ['bullmq'] },
  // The sandbox platforms are stand-ins for X, LinkedIn and Facebook: they know the platforms'
  // contracts, not the bot (only its config types and the secret scrubber).
  sandbox: { rooms: ['src', 'sandbox'] },
};

describe('architecture', () => {
  for (const [room, rule] of Object.entries(ALLOWED)) {
    it(`${room}/ uses only ${rule.rooms.join(', ')}${rule.forbiddenPackages ? ` and none of ${rule.forbiddenPackages.join(', ')}` : ''}`, () => {
      const offenders = tsFiles(room).flatMap((file) =>
        importsOf(file)
          .filter(({ spec, room: target }) =>
            spec.startsWith('.') ? !rule.rooms.includes(target) : (rule.forbiddenPackages ?? []).includes(target),
          )
          .map(({ spec }) => `${file} imports ${spec}`),
      );
      expect(offenders).toEqual([]);
    });
  }

  it('cli/ loads sandbox/ and dev/ only when their command runs (the production image ships neither)', () => {
    const STATIC_TOOL_IMPORT = /^import [^(]*from\s*['"][./]*\/(sandbox|dev)\//m;
    const offenders = tsFiles('cli').filter((file) =>
      STATIC_TOOL_IMPORT.test(readFileSync(join(REPO_ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('no Redis key is spelled outside the key map (src/redis/redis-keys.ts)', () => {
    // A key is a template literal that glues a prefix to a key name with ':' (e.g. `${prefix}:post:…`).
    const KEY_LITERAL = /`\$\{[\w.]*(?:prefix|Prefix)\}:/;
    const offenders = ['src', 'app', 'queues', 'worker', 'cli', 'web', 'dev', 'test', 'bench']
      .flatMap(tsFiles)
      .filter((file) => !file.endsWith('redis-keys.ts') && !file.endsWith('architecture.test.ts'))
      .filter((file) => KEY_LITERAL.test(readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the domain has no more than a dozen folders, each a noun', () => {
    const folders = readdirSync(join(REPO_ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(folders.length).toBeLessThanOrEqual(12);
  });
});
