import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { IMAGE_SNIFF_BYTES, sniffImageType } from '../platforms/image-type.ts';

/** Where local images may come from. */
export interface ImageRoots {
  /** The news file's folder: relative paths are resolved here. */
  baseDir: string;
  /** `ingest.mediaRoot`, absolute: a shared image folder also allowed. Default: none. */
  mediaRoot?: string;
}

/** A local image that may be attached (`path`: absolute), or why not. */
export type LocalImageCheck = { ok: true; path: string } | { ok: false; message: string };

/**
 * Checks a local image path of a news item at ingest, so nothing outside the news folder is ever
 * read at publish time: the path must stay inside the news file's folder (or ingest.mediaRoot),
 * also after following symbolic links, and the file's first bytes must be a PNG, JPEG, GIF or
 * WebP image — whatever its name says. `cache` (path → result) spares repeated checks in one import.
 */
export function checkLocalImage(src: string, roots: ImageRoots, cache?: Map<string, LocalImageCheck>): LocalImageCheck {
  const absolute = isAbsolute(src) ? resolve(src) : resolve(roots.baseDir, src);
  const key = `${absolute}\n${roots.baseDir}\n${roots.mediaRoot ?? ''}`;
  const known = cache?.get(key);
  if (known) return known;
  const result = check(src, absolute, roots);
  cache?.set(key, result);
  return result;
}

function check(src: string, absolute: string, roots: ImageRoots): LocalImageCheck {
  const allowed = [roots.baseDir, ...(roots.mediaRoot ? [roots.mediaRoot] : [])].map((r) => resolve(r));
  const where =
    `the news file's folder (${roots.baseDir})` +
    `${roots.mediaRoot ? ` or ingest.mediaRoot (${roots.mediaRoot})` : ''}`;
  const outside = { ok: false as const, message: `"${src}" is outside ${where}; expected an image file inside it` };
  // First by the path as written, before touching the file: nothing outside is even looked at.
  if (!allowed.some((root) => isInside(absolute, root))) return outside;
  let real: string;
  try {
    real = realpathSync(absolute);
    if (!statSync(real).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch {
    return { ok: false, message: `image file not found: ${absolute}; expected a path relative to the news file` };
  }
  // Then by where it really is: a symbolic link inside the folder may point anywhere.
  const realRoots = allowed.map(realOrSelf);
  if (!realRoots.some((root) => isInside(real, root))) {
    return { ok: false, message: `"${src}" leads to ${real}, outside ${where}; expected an image file inside it` };
  }
  let type: string | undefined;
  try {
    type = sniffImageType(firstBytes(real));
  } catch (error) {
    return {
      ok: false,
      message: `cannot read ${absolute} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    };
  }
  if (!type) {
    return {
      ok: false,
      message:
        `${absolute} is not a PNG, JPEG, GIF or WebP image (by its first bytes, whatever its name); expected one of ` +
        `those`,
    };
  }
  return { ok: true, path: absolute };
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function firstBytes(path: string): Buffer {
  const buffer = Buffer.alloc(IMAGE_SNIFF_BYTES);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
