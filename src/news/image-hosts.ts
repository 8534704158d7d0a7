import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from '../net/private-address.ts';
import { withTimeout } from '../net/with-timeout.ts';
import type { NewsItem } from './news-item.ts';

/** Options of {@link privateImageHostIssues}. */
export interface ImageHostOptions {
  /** ingest.allowPrivateNetworks: when true nothing is checked. */
  allowPrivateNetworks: boolean;
  /** Longest wait for one name to resolve; no answer in time means "cannot tell" (publish time checks again). */
  timeoutMs: number;
  /** Host name → why it is refused (or undefined), shared across one import so each name is asked once. */
  cache: Map<string, Promise<string | undefined>>;
}

/**
 * Image URLs whose host name resolves only to loopback, private or link-local addresses: the rule
 * the fetch applies at publish time, applied at ingest so the person who wrote the item hears of
 * it now. A name that does not resolve (offline, a typo) is left to publish time: refusing it here
 * would stop every dry run made without a network. Literal addresses are checked in validation.
 */
export async function privateImageHostIssues(
  item: NewsItem,
  options: ImageHostOptions,
): Promise<Array<{ path: Array<string | number>; message: string }>> {
  if (options.allowPrivateNetworks) return [];
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  for (const [index, image] of item.images.entries()) {
    if (!/^https?:\/\//i.test(image.src)) continue;
    const host = new URL(image.src).hostname;
    if (isIP(host.replace(/^\[|\]$/g, ''))) continue;
    let answer = options.cache.get(host);
    if (!answer) {
      answer = resolvesPrivately(host, options.timeoutMs);
      options.cache.set(host, answer);
    }
    const message = await answer;
    if (message) issues.push({ path: ['images', index, 'src'], message });
  }
  return issues;
}

async function resolvesPrivately(host: string, timeoutMs: number): Promise<string | undefined> {
  let addresses: Array<{ address: string }>;
  try {
    addresses = await withTimeout(lookup(host, { all: true }), timeoutMs);
  } catch {
    return undefined;
  }
  if (!addresses.length || !addresses.every((a) => isPrivateAddress(a.address))) return undefined;
  return (
    `refused: ${host} resolves to ${addresses.map((a) => a.address).join(', ')}, a loopback/private/link-local ` +
    `network (set ingest.allowPrivateNetworks to allow); expected an image on a public server`
  );
}
