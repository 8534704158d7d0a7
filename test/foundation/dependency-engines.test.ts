import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * Every package the lock file installs supports every Node this project says it runs on: the
 * oldest (`engines.node`'s minimum) and the one running the tests. A dependency that moves its
 * floor past ours shows up here instead of as an EBADENGINE line in an install log nobody reads.
 */
interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };

/** The packages (path → Node range) whose declared range leaves out `node`. */
function unsupported(node: string): string[] {
  return Object.entries(lock.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range && !semver.satisfies(node, range, { includePrerelease: true })
        ? [`${path.replace(/^.*node_modules\//u, '')}@${entry.version} wants node ${range}`]
        : [];
    });
}

describe("dependencies' engines", () => {
  const oldest = semver.minVersion(pkg.engines.node)!.version;

  it(`every locked package runs on the oldest Node we support (${oldest})`, () => {
    expect(unsupported(oldest)).toEqual([]);
  });

  it(`every locked package runs on this Node (${process.versions.node})`, () => {
    expect(unsupported(process.versions.node)).toEqual([]);
  });
});
