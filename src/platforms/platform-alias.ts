import type { Platform } from '../config/config-schema.ts';

/** Other names people use for a platform: X is what Twitter is called now (its stored value stays twitter). */
const PLATFORM_ALIASES: Readonly<Record<string, Platform>> = { x: 'twitter' };

/**
 * A platform as given (`x`, `X`, `twitter`) as stored: the alias's platform, else the name as it
 * is. A module of its own, with no imports at run time: every command definition's `--platform`
 * uses it, and `--help` must not load the log's libraries to read an option.
 */
export function platformOf(name: string): string {
  return PLATFORM_ALIASES[name.toLowerCase()] ?? name;
}
