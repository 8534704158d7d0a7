import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding secon-bot's package.json, with `templates/`, `news/` and `sandbox/specs/`
 * beside it. Found by walking up from this module, so it is the same whether the code runs from
 * its TypeScript sources (`src/`) or from the build (`dist/src/`), and in the image (`/app`).
 */
function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'secon-bot'
    )
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`secon-bot: no package.json of secon-bot above ${start}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `packagePath('templates')`. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/** The package's version (package.json). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
