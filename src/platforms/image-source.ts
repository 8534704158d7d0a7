import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { FetchError } from '../net/fetch-error.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import type { PostImage } from '../posts/post.ts';
import { sniffImageType } from './image-type.ts';
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
  // By the bytes only: a file's name (photo.png) says nothing about what it holds.
  const mediaType = sniffImageType(bytes);
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
