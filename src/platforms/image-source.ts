import { readFile } from 'node:fs/promises';
import { extname, isAbsolute } from 'node:path';
import { FetchError } from '../net/fetch-error.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import type { PostImage } from '../posts/post.ts';
import { PlatformError } from './platform-error.ts';

/** Options of {@link loadImage}. */
export interface ImageLoadOptions {
  /** Largest image accepted. Default 5 MB (X's image limit). */
  maxBytes?: number;
  /** Timeout of a remote image. Default 10 000 ms. */
  timeoutMs?: number;
  /** Allow images from loopback or private networks. Default false. */
  allowPrivateNetworks?: boolean;
}

export const IMAGE_DEFAULTS = { maxBytes: 5 * 1024 * 1024, timeoutMs: 10_000, allowPrivateNetworks: false } as const;

export interface LoadedImage {
  bytes: Buffer;
  /** e.g. image/png. */
  mediaType: string;
  alt: string;
  /** File name for multipart uploads. */
  fileName: string;
}

const BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** The image type from its first bytes (what the platforms check), else undefined. */
export function sniffImageType(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

/**
 * Reads an image to attach: an absolute local path, or an http(s) URL fetched with safeFetch (size
 * cap, timeout, no private addresses unless allowed). A missing or unsupported image rejects the
 * post with a message naming the image; a network failure fetching it is transient.
 */
export async function loadImage(image: PostImage, options: ImageLoadOptions = {}): Promise<LoadedImage> {
  const maxBytes = options.maxBytes ?? IMAGE_DEFAULTS.maxBytes;
  const bytes = /^https?:\/\//i.test(image.src)
    ? await fetchImage(image.src, maxBytes, options)
    : await readLocal(image.src, maxBytes);
  const mediaType =
    sniffImageType(bytes) ?? BY_EXTENSION[extname(new URL(image.src, 'file:///').pathname).toLowerCase()];
  if (!mediaType) throw new PlatformError('rejected', `image ${image.src}: not a PNG, JPEG, GIF or WebP image`);
  const fileName = new URL(image.src, 'file:///').pathname.split('/').pop() || 'image';
  return { bytes, mediaType, alt: image.alt, fileName };
}

async function readLocal(path: string, maxBytes: number): Promise<Buffer> {
  if (!isAbsolute(path))
    throw new PlatformError('rejected', `image ${path}: expected an absolute path or an http(s) URL`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new PlatformError(
      'rejected',
      `image ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  if (bytes.length > maxBytes)
    throw new PlatformError('rejected', `image ${path}: ${bytes.length} bytes, more than the ${maxBytes} allowed`);
  return bytes;
}

async function fetchImage(url: string, maxBytes: number, options: ImageLoadOptions): Promise<Buffer> {
  try {
    const response = await safeFetch(url, {
      maxBytes,
      timeoutMs: options.timeoutMs ?? IMAGE_DEFAULTS.timeoutMs,
      allowPrivateNetworks: options.allowPrivateNetworks ?? IMAGE_DEFAULTS.allowPrivateNetworks,
    });
    if (response.status >= 500)
      throw new PlatformError('transient', `image ${url}: the server answered ${response.status}`);
    if (!response.ok) throw new PlatformError('rejected', `image ${url}: the server answered ${response.status}`);
    return response.body;
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    if (error instanceof FetchError) {
      const kind = error.kind === 'network' || error.kind === 'timeout' ? 'transient' : 'rejected';
      throw new PlatformError(kind, `image ${error.message}`);
    }
    throw error;
  }
}
