import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium package: the browser tests drive it through playwright-core, with no browser download. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless chromium as the browser tests run it: no sandbox (chromium's own sandbox does not start as root or in a
 * container without user namespaces), no GPU, and none of the background traffic (updates, sync, first-run pages)
 * that would reach out of the machine or slow the start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts the headless chromium of the browser tests; the caller closes it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
