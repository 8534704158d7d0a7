import { isIP } from 'node:net';
import { isPrivateAddress } from '../net/private-address.ts';
import { knownKeys } from '../schema-keys.ts';
import { type ImageHostOptions, privateImageHostIssues } from './image-hosts.ts';
import { describeIssue, fieldPath, type ItemIssue } from './item-issue.ts';
import { resolveItemTimes } from './item-times.ts';
import { checkLocalImage, type LocalImageCheck } from './local-image.ts';
import { hasUrlScheme, type NewsItem, newsItemSchema } from './news-item.ts';
import { FIELD_LIMITS } from './news-limits.ts';
import { screenCharacters } from './unsafe-characters.ts';

/** Raw fields of one item as a source format produced them, not yet validated. */
export interface Candidate {
  data: unknown;
  /** Where it came from, as shown to people: a file, or a feed URL plus the item. */
  source: string;
  /** Folder that local image paths are relative to. Absent (a remote source): local paths are refused. */
  baseDir?: string;
  /** Line of a field in the source, for messages (YAML front matter); absent when unknown. */
  lineOf?: (path: ReadonlyArray<PropertyKey>) => number | undefined;
  /** Line of the item as a whole (a CSV row), used when a field has no line of its own. */
  line?: number;
  /** Problems the source format already found (a feed date it could not read); they reject the item. */
  issues?: ItemIssue[];
}

/** What validation checks beyond the schema. */
export interface ValidateContext {
  /** Channel ids in the configuration; an item naming another channel is rejected. Default: not checked. */
  knownChannels?: ReadonlySet<string>;
  /** Cache of local image checks, shared across one import. Default: none. */
  imageCache?: Map<string, LocalImageCheck>;
  /**
   * Zone of local times (no offset) of an item without event.timezone: the project's time zone.
   * Default: none, and such times are refused.
   */
  defaultZone?: string;
  /** A folder images may also come from (`ingest.mediaRoot`, absolute). Default: only the news file's folder. */
  mediaRoot?: string;
  /** Accept image URLs on loopback or private networks (`ingest.allowPrivateNetworks`). Default false. */
  allowPrivateNetworks?: boolean;
}

export type Validation =
  | { ok: true; item: NewsItem; warnings: ItemIssue[] }
  | { ok: false; issues: ItemIssue[]; id?: string };

/**
 * Validates one candidate against the news item schema and what the schema cannot know: unsafe
 * characters (refused or stripped), local times read in the item's zone, that a local image is an
 * image inside the news folder (its path is made absolute), that an image URL is not on a private
 * network, and that named channels are configured. Every issue is collected, so the item is
 * rejected whole with all reasons; what was changed without refusing (a stripped zero-width
 * space, the earlier of two instants) comes back as warnings.
 */
export function validateCandidate(candidate: Candidate, context: ValidateContext = {}): Validation {
  const id = idOf(candidate.data);
  const early = candidate.issues ?? [];
  const screened = screenCharacters(candidate.data);
  const characterIssues = screened.issues.map((n) => issueAt(candidate, n.path, n.message));
  const warnings = screened.warnings.map((n) => issueAt(candidate, n.path, n.message));
  const parsed = newsItemSchema.safeParse(candidate.data, { reportInput: true });
  if (!parsed.success || characterIssues.length) {
    // A field already reported (an unreadable feed date, a NUL in it) is not reported twice.
    const reported = new Set([...early, ...characterIssues].map((i) => i.field));
    const issues = (parsed.error?.issues ?? [])
      .flatMap((issue) => describeIssue(issue, (path) => knownKeys(newsItemSchema, path)))
      .map(({ path, message }) => issueAt(candidate, path, message))
      .filter((i) => !reported.has(i.field));
    return { ok: false, issues: [...early, ...characterIssues, ...issues], ...(id !== undefined ? { id } : {}) };
  }
  const item = parsed.data;
  const issues: ItemIssue[] = [...early];
  const times = resolveItemTimes(item, context.defaultZone);
  for (const n of times.issues) issues.push(issueAt(candidate, n.path, n.message));
  for (const n of times.warnings) warnings.push(issueAt(candidate, n.path, n.message));
  item.images = item.images.map((image, index) => {
    const at = ['images', index, 'src'];
    if (hasUrlScheme(image.src)) {
      const refused = privateImageHost(image.src, context.allowPrivateNetworks ?? false);
      if (refused) issues.push(issueAt(candidate, at, refused));
      return image;
    }
    if (candidate.baseDir === undefined) {
      issues.push(
        issueAt(candidate, at, `"${image.src}" is a local path, but this source is remote; expected an http(s) URL`),
      );
      return image;
    }
    const roots = { baseDir: candidate.baseDir, ...(context.mediaRoot ? { mediaRoot: context.mediaRoot } : {}) };
    const checked = checkLocalImage(image.src, roots, context.imageCache);
    if (!checked.ok) {
      issues.push(issueAt(candidate, at, checked.message));
      return image;
    }
    return { ...image, src: checked.path };
  });
  if (context.knownChannels && item.channels) {
    item.channels.forEach((channel, index) => {
      if (!context.knownChannels!.has(channel)) {
        issues.push(
          issueAt(
            candidate,
            ['channels', index],
            `unknown channel "${channel}"; expected one of ${[...context.knownChannels!].join(', ')}`,
          ),
        );
      }
    });
  }
  return issues.length ? { ok: false, issues, id: item.id } : { ok: true, item, warnings };
}

/**
 * What an import does with each candidate: {@link validateCandidate}, then the image hosts by DNS
 * (image-hosts.ts). Never throws: whatever goes wrong checking one item rejects that item, never
 * the whole import.
 */
export async function checkCandidate(
  candidate: Candidate,
  context: ValidateContext,
  hosts: ImageHostOptions,
): Promise<Validation> {
  let validation: Validation;
  try {
    validation = validateCandidate(candidate, context);
  } catch (error) {
    return { ok: false, issues: [{ message: `could not be checked: ${(error as Error).message}` }] };
  }
  if (!validation.ok) return validation;
  const hostIssues = await privateImageHostIssues(validation.item, hosts);
  if (!hostIssues.length) return validation;
  const issues = hostIssues.map((n) => issueAt(candidate, n.path, n.message));
  return { ok: false, issues, id: validation.item.id };
}

/**
 * Why an image URL whose host is a literal address on a private network is refused, else
 * undefined: the same rule the fetch at publish time applies, said at ingest. (Names that resolve
 * to such addresses are checked by image-hosts.ts, which may ask DNS.)
 */
function privateImageHost(src: string, allowPrivateNetworks: boolean): string | undefined {
  if (allowPrivateNetworks) return undefined;
  const host = new URL(src).hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host) || !isPrivateAddress(host)) return undefined;
  return (
    `refused: ${host} is on a loopback/private/link-local network (set ingest.allowPrivateNetworks to allow); ` +
    `expected an image on a public server`
  );
}

/** An issue of a candidate's field, with the field's line in the source where known. */
export function issueAt(candidate: Candidate, path: ReadonlyArray<PropertyKey>, message: string): ItemIssue {
  const field = fieldPath(path);
  const line = candidate.lineOf?.(path) ?? candidate.line;
  return { ...(field !== undefined ? { field } : {}), message, ...(line !== undefined ? { line } : {}) };
}

/** The id to name a rejected item by; one that could forge a line of output (a newline in it) is left out. */
function idOf(data: unknown): string | undefined {
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id && id.length <= FIELD_LIMITS.id && !/[\p{Cc}\p{Cf}]/u.test(id) ? id : undefined;
}
