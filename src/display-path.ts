import { isAbsolute, relative, resolve } from 'node:path';

/**
 * A file's path as messages show it: relative to `cwd` when the file is under it (shorter, still
 * unambiguous), absolute otherwise: "../../tmp/x.md" would make a person work out where that is.
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}
