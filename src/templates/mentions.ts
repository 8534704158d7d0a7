import type { Platform } from '../config/config-schema.ts';

/**
 * A mention from a news item, in one of the forms the project writes:
 * - `@SeconProject_eu` — an X account;
 * - `SECON Project <urn:li:organization:93265886>` — a LinkedIn organisation (the name must be the
 *   organisation's name as LinkedIn shows it).
 * Each platform gets only the mentions written for it; Facebook gets none (the Graph API tags pages
 * only for apps with extra review, and a plain "@name" would be just text).
 */
export interface Mention {
  platform: Platform;
  /** X handle without "@", or the LinkedIn organisation's name. */
  name: string;
  /** LinkedIn organisation URN. */
  urn?: string;
}

const X_HANDLE = /^@([A-Za-z0-9_]{1,15})$/;
const LINKEDIN_ORG = /^(.+?)\s*<(urn:li:organization:\d+)>$/;

/** Parses a mention; null when it is in none of the known forms. */
export function parseMention(raw: string): Mention | null {
  const text = raw.trim();
  const handle = X_HANDLE.exec(text);
  if (handle) return { platform: 'twitter', name: handle[1]! };
  const org = LINKEDIN_ORG.exec(text);
  if (org) return { platform: 'linkedin', name: org[1]!, urn: org[2]! };
  return null;
}
