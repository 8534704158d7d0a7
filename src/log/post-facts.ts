import { z } from 'zod';
import { scrubSecrets } from '../config/secrets.ts';
import { isoDateTime, type LogEntry } from './log-entry.ts';
import { timelineBatches } from './post-timelines.ts';
import type { PublishingLog } from './publishing-log.ts';

/**
 * The note an approval writes on its entry (`PostActions.approve`, src/publishing/post-actions.ts,
 * from the CLI and the desk alike): the entry that moves a post from awaiting approval to scheduled.
 */
export const APPROVED_NOTE = 'approved';

/** Who approved a post and when: what an audit asks beside the link and the final state. */
export interface PostApproval {
  /** The approval's actor: `cli:<user>`, `web:<user>`. */
  approvedBy: string;
  /** ISO date-time of the approval. */
  approvedAt: string;
}

/**
 * What a post's history established that its current entry does not say, and that decisions rest
 * on: whether it was ever subject to approval, the approval in force, whether an attempt ever
 * claimed it. The log's script keeps them on the post's record (`h`, src/log/log-scripts.ts),
 * updated with every entry, because retention (`history trim`) removes old entries: read from the
 * timeline alone, an approval trimmed away would let someone who may not approve change an
 * approved post unnoticed, and a claim trimmed away would let a text that may be live be edited.
 */
export interface PostFacts {
  /** It waited for an approval or was approved, at some time. */
  subjectToApproval: boolean;
  /** The approval in force: the last one, unless the post went back to awaiting approval after it. */
  approval?: PostApproval;
  /** An attempt claimed it (it was `publishing`) or it got a platform id: its text may be live. */
  claimed: boolean;
  /**
   * False when the record was last written before the log kept these facts, or first written
   * before and marked so since: its older entries may tell more, so its timeline is read as well
   * ({@link resolvedFacts}).
   */
  complete: boolean;
}

/**
 * The facts as an export carries them, on each post's current entry (src/log/log-export.ts), so
 * that an import restores what retention had already trimmed from the entries before the export.
 */
export type CarriedFacts = Omit<PostFacts, 'complete'>;

/** An exported line's `facts`, as `history import` checks them. */
export const carriedFactsSchema = z
  .object({
    subjectToApproval: z.boolean(),
    approval: z
      .object({ approvedBy: z.string().min(1), approvedAt: isoDateTime })
      .strict()
      .optional(),
    claimed: z.boolean(),
  })
  .strict();

/** What an export carries of a post's facts: undefined when they say nothing. */
export function carriedFacts(facts: PostFacts | undefined): CarriedFacts | undefined {
  if (!facts || !(facts.subjectToApproval || facts.approval || facts.claimed)) return undefined;
  const { complete: _complete, ...carried } = facts;
  return carried;
}

/**
 * The facts as the record stores them (`h`, short; `{}` for none, so that every record written
 * since has it): `w` subject to approval, `ab`/`aa` the approval in force (by, at), `c` claimed,
 * `o` the record is older than the facts.
 */
export interface StoredFacts {
  w?: 1;
  ab?: string;
  aa?: string;
  c?: 1;
  o?: 1;
}

/** What a new entry changes in its post's facts: `false` removes a field. */
type FactsUpdate = { [K in keyof StoredFacts]?: StoredFacts[K] | false };

/** The facts one entry sets: the one rule, for the write script and for reading a timeline alike. */
function factsUpdate(entry: LogEntry): FactsUpdate {
  const update: FactsUpdate = {};
  if (entry.state === 'awaiting-approval') Object.assign(update, { w: 1, ab: false, aa: false });
  else if (entry.note === APPROVED_NOTE) Object.assign(update, { w: 1, ab: entry.actor ?? '', aa: entry.at });
  if (entry.state === 'publishing' || entry.platformPostId !== undefined) update.c = 1;
  return update;
}

/**
 * The script's argument for one entry: the facts it sets, as JSON, or '' when it changes none.
 * Pure, so that an import replaying an export's entries in order builds the same facts. `carried`
 * (an import of a post's current entry): the facts its export carried, added to the post's, for
 * they also hold what retention trimmed before the export (the approval they name is the one in
 * force).
 */
export function factsUpdateJson(entry: LogEntry, carried?: CarriedFacts): string {
  const update = factsUpdate(entry);
  // Added, never taken away: a file cannot lift a claim or an approval requirement the entries show.
  if (carried?.subjectToApproval) update.w = 1;
  if (carried?.approval) Object.assign(update, { ab: carried.approval.approvedBy, aa: carried.approval.approvedAt });
  if (carried?.claimed) update.c = 1;
  return Object.keys(update).length ? JSON.stringify(update) : '';
}

/** The facts of a stored record (undefined: a record from before they were kept). */
export function readFacts(stored: StoredFacts | undefined): PostFacts {
  return {
    subjectToApproval: stored?.w === 1,
    ...(stored?.ab !== undefined && stored.aa !== undefined
      ? { approval: { approvedBy: scrubSecrets(stored.ab), approvedAt: stored.aa } }
      : {}),
    claimed: stored?.c === 1,
    complete: stored !== undefined && stored.o !== 1,
  };
}

/**
 * The facts a timeline shows (what is left of it after retention): its entries' updates applied in
 * order, as the write script applies them (log-scripts.ts).
 */
export function timelineFacts(timeline: ReadonlyArray<LogEntry>): PostFacts {
  const stored: Record<string, unknown> = {};
  for (const entry of timeline)
    for (const [key, value] of Object.entries(factsUpdate(entry))) {
      if (value === false) delete stored[key];
      else stored[key] = value;
    }
  return { ...readFacts(stored as StoredFacts), complete: false };
}

/**
 * The posts' facts, in the order given (undefined: no such post). A record older than the facts
 * has its timeline read as well, and a fact either shows holds: the record's facts cover the
 * entries since, the timeline whatever retention left of the rest.
 */
export async function resolvedFacts(
  log: Pick<PublishingLog, 'facts' | 'timeline'>,
  postIds: ReadonlyArray<string>,
): Promise<Array<PostFacts | undefined>> {
  const facts = await log.facts(postIds);
  const older = postIds.filter((_, i) => facts[i] && !facts[i]!.complete);
  if (!older.length) return facts;
  const fromTimelines = new Map<string, PostFacts>();
  let i = 0;
  for await (const batch of timelineBatches(log, older))
    for (const timeline of batch) fromTimelines.set(older[i++]!, timelineFacts(timeline));
  return facts.map((own, k) => {
    const seen = own && fromTimelines.get(postIds[k]!);
    if (!own || !seen) return own;
    return {
      subjectToApproval: own.subjectToApproval || seen.subjectToApproval,
      ...(own.approval || seen.approval ? { approval: own.approval ?? seen.approval } : {}),
      claimed: own.claimed || seen.claimed,
      complete: false,
    };
  });
}
