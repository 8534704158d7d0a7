import type { Command } from 'commander';
import type { App } from '../../app/create-app.ts';
import { InputError } from '../../src/input-error.ts';
import { newsIdsGiven } from '../../src/log/news-key-lookup.ts';
import type { PostRecord } from '../../src/log/publishing-log.ts';
import { planOrder } from '../../src/planning/plan-order.ts';
import { AWAITING_APPROVAL_STATES } from '../../src/posts/post.ts';
import { checkChannels, withApp } from '../cli-context.ts';
import { EXIT } from '../exit-codes.ts';
import { type BulkFailure, type BulkOutcome, pauseLines, printBulk } from './post-output.ts';

/** How `approve` and `cancel` choose their posts: ids, or --news / --all-waiting (with --channel). */
export interface BulkOptions {
  /** News ids (comma-separated or repeated, as `history --news`). */
  news?: string[];
  allWaiting?: boolean;
  channel?: string[];
  json?: boolean;
}

/** Exactly one way of choosing: ids, --news or --all-waiting. */
export function checkSelection(command: string, postIds: string[], options: BulkOptions): void {
  const ways = [postIds.length > 0, Boolean(options.news?.length), Boolean(options.allWaiting)].filter(Boolean).length;
  if (ways !== 1) throw new InputError(`${command}: give post ids, or --news <ids>, or --all-waiting (one of them)`);
  if (options.channel && postIds.length)
    throw new InputError(`${command}: --channel goes with --news or --all-waiting, not with post ids`);
}

/** What --news / --all-waiting select: the records, and the news ids that have none. */
export interface Selection {
  records: PostRecord[];
  /** News ids given that have no post (on the --channel channels): each is reported, never dropped. */
  missing: BulkFailure[];
}

/** " on x-secon, facebook-secon" when --channel narrows the selection. */
function onChannels(channel: string[] | undefined): string {
  return channel?.length ? ` on ${channel.join(', ')}` : '';
}

const HISTORY_HINT = '(see `secon-bot history --news …`)';

/**
 * The records --news / --all-waiting select (all states for --news; the caller decides what it may
 * change). One news id without posts is bad input, as it always was; among several, it is reported
 * by name and the others still go ahead, as with several post ids.
 */
export async function selectRecords(app: App, options: BulkOptions): Promise<Selection> {
  checkChannels(app.config, options.channel);
  const channel = options.channel?.length ? { channel: options.channel } : {};
  // Acted on and reported soonest first, as the agenda lists them (not in the log's id order).
  const inPlanOrder = (records: PostRecord[]) => records.sort(planOrder(app.config, { timeFirst: true }));
  if (!options.news?.length)
    return {
      records: inPlanOrder(await app.publishingLog.query({ state: [...AWAITING_APPROVAL_STATES], ...channel })),
      missing: [],
    };
  const newsIds = await newsIdsGiven(app.publishingLog, options.news, app.config.channels);
  const records = inPlanOrder(await app.publishingLog.query({ newsId: [...new Set(newsIds.values())], ...channel }));
  const found = new Set(records.map((r) => r.newsId));
  const missing = [...newsIds].filter(([, newsId]) => !found.has(newsId)).map(([given]) => given);
  const where = onChannels(options.channel);
  if (newsIds.size === 1 && missing.length)
    throw new InputError(`no posts found for news id "${missing[0]}"${where} ${HISTORY_HINT}`);
  const message = `no posts found${where} ${HISTORY_HINT}`;
  return { records, missing: missing.map((newsId) => ({ postId: null, newsId, message })) };
}

/** What `approve` or `cancel` does to one post, and which selected posts it leaves alone. */
export interface BulkAction {
  /** The command, for its messages. */
  command: string;
  /** "approved": the key of --json and the verb of each line. */
  verb: string;
  act(app: App, postId: string): Promise<PostRecord>;
  /** Why a post --news / --all-waiting selected is left as it is; undefined: it is acted on. */
  leave(record: PostRecord): string | undefined;
}

/**
 * `approve` / `cancel`: named posts (a wrong one is an error; among several, the others still go
 * ahead) or the selected ones. Exit 2 when something named was wrong (a post id, a news id without
 * posts), 1 when acting on a selected post failed.
 */
export async function runBulk(
  postIds: string[],
  options: BulkOptions,
  command: Command,
  action: BulkAction,
): Promise<void> {
  checkSelection(action.command, postIds, options);
  await withApp(command, async (app) => {
    const outcome: BulkOutcome = { done: [], left: [], failed: [] };
    const act = async (postId: string, alone: boolean, known?: PostRecord) => {
      try {
        outcome.done.push(await action.act(app, postId));
      } catch (error) {
        if (alone) throw error;
        // Its news item too when the post is known, so every entry says what it was about.
        const record = known ?? (await app.publishingLog.get(postId));
        outcome.failed.push({ postId, newsId: record?.newsId ?? null, message: (error as Error).message });
      }
    };
    let badInput = postIds.length > 0;
    if (postIds.length) for (const postId of postIds) await act(postId, postIds.length === 1);
    else {
      const { records, missing } = await selectRecords(app, options);
      outcome.failed.push(...missing);
      badInput = missing.length > 0;
      for (const record of records) {
        const why = action.leave(record);
        if (why) outcome.left.push({ record, why });
        else await act(record.postId, false, record);
      }
    }
    printBulk(app.config, options.json, outcome, action.verb);
    if (!options.json)
      for (const line of await pauseLines(app.config, app.channels, outcome.done)) process.stdout.write(`${line}\n`);
    if (outcome.failed.length) process.exitCode = badInput ? EXIT.usage : EXIT.failure;
  });
}
