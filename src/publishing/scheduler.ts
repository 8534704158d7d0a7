import type { Config } from '../config/config-schema.ts';
import type { PostRecord, PublishingLog, TransitionStep } from '../log/publishing-log.ts';
import { channelZoneById } from '../planning/channel-schedule.ts';
import type { Plan } from '../planning/plan.ts';
import {
  CANCELLABLE_STATES,
  EDITABLE_STATES,
  PENDING_STATES,
  type PlannedPost,
  type PostState,
} from '../posts/post.ts';
import { approvalAfterEdit, UPDATED_NOTE } from './approval-after-edit.ts';
import { BusyTimes } from './busy-times.ts';
import { liveTextReason } from './live-text.ts';
import { firstEntry, loggedText, nextEntry, sha256 } from './log-entries.ts';
import type { PostStore, StoredPost } from './post-store.ts';
import type { PublishQueuePort } from './publish-queue-port.ts';

/**
 * What schedule() did with one post: `cancelled` is a post of the same news item that the new
 * plan no longer has (an edited item lost a channel, a language or a reminder); `restored`, one
 * that an earlier plan had cancelled that way and the new plan has again.
 */
export type ScheduleAction = 'created' | 'restored' | 'updated' | 'unchanged' | 'kept' | 'cancelled';

export interface ScheduledPostReport {
  postId: string;
  channel: string;
  language: string;
  kind: string;
  plannedAt: string;
  state: PostState;
  action: ScheduleAction;
  /** Why a post was kept as it is ("already published"), cancelled, or sent back for approval. */
  note?: string;
  /**
   * A person must act on what the edited news item did, as the note says: the post was sent back
   * to a person, kept its old text because it may be live, or is live with a text the item no
   * longer gives. (The worker says these of a feed's items; a cancelled post is told as well.)
   */
  attention?: true;
}

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  config: Config;
  publishingLog: PublishingLog;
  store: PostStore;
  queue: PublishQueuePort;
  /** Clock. Default: the real one. */
  now?: () => Date;
}

/** New posts written per round trip (a pipeline of log transitions, then one of jobs). */
const SCHEDULE_BATCH = 200;

/**
 * The note on a published post whose edited news item now gives it other words: the live post may
 * say an old date or place.
 */
function staleNote(record: PostRecord): string {
  return `the edited item now gives it other words, so the live post may be out of date (a date, a place?): check ${record.url ?? `it on ${record.platform}`} and correct it there if need be`;
}

/** How the note of every post cancelled because its item's plan no longer has it begins. */
export const NOT_IN_PLAN = 'no longer in the plan';
/** The note on a post an edited news item no longer plans. */
export const NOT_IN_PLAN_NOTE = `${NOT_IN_PLAN} of the edited item`;
/** The note on a post the plan had cancelled and now has again. */
export const BACK_IN_PLAN_NOTE = 'back in the plan of the news item, which had cancelled it';

/**
 * Plans go into the queue: new posts are stored, logged and queued; an edited news item updates its
 * posts that have not gone out; the slots other news holds are read for planning; a post without a
 * job gets one again (the sweep). What a person does to single posts is in PostActions. The
 * publishing log holds each post's state; the post store its payload; the queue one job per post
 * (job id = post id).
 */
export class Scheduler {
  private readonly now: () => Date;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Queues a plan. New posts are stored, logged and queued; posts not yet published get the edited
   * text and time; published or otherwise final posts are left alone (never published twice).
   * `plan` is the whole plan of its news item: the item's unpublished posts that it no longer
   * has are cancelled and reported as `cancelled`, with `notInPlan` as their note.
   */
  async schedule(plan: Plan, actor: string, notInPlan = NOT_IN_PLAN_NOTE): Promise<ScheduledPostReport[]> {
    const out: ScheduledPostReport[] = [];
    for (let i = 0; i < plan.posts.length; i += SCHEDULE_BATCH)
      out.push(...(await this.scheduleBatch(plan.posts.slice(i, i + SCHEDULE_BATCH), actor)));
    out.push(...(await this.cancelLeftovers(plan, actor, notInPlan)));
    return out;
  }

  /**
   * New posts, the usual case, take two round trips for the whole batch: every payload with its
   * first entry (each post's pair in one atomic step), then every job. A crash in between leaves
   * posts without jobs, which the minute sweep queues; never a job without its text. A post that
   * exists already is not touched by the first step (its state check fails) and its record comes
   * back for the update, one post at a time.
   */
  private async scheduleBatch(posts: ReadonlyArray<PlannedPost>, actor: string): Promise<ScheduledPostReport[]> {
    // One time for the whole batch: the posts of a plan share their log time, which is what lets
    // History show them in plan order (tiesInPlanOrder) instead of split across a millisecond.
    const at = this.now();
    const created = await this.options.publishingLog.transitionMany(
      posts.map((post) => this.creation(post, at, actor)),
    );
    await this.options.queue.enqueueNew(
      posts
        .filter((post, i) => created[i]!.ok && post.state === 'scheduled')
        .map((post) => ({ postId: post.postId, platform: post.platform, runAt: new Date(post.plannedAt) })),
    );
    const out: ScheduledPostReport[] = [];
    for (const [i, post] of posts.entries()) {
      const { ok, record } = created[i]!;
      out.push(
        ok
          ? postReport(post, post.state, 'created')
          : record
            ? await this.scheduleExisting(post, record, actor)
            : await this.schedulePost(post, actor),
      );
    }
    return out;
  }

  /** The first entry of a new post, with its payload (fails when the post exists). */
  private creation(post: PlannedPost, at: Date, actor: string): TransitionStep {
    const held = post.rendered.hold ? { note: `waits for a person: ${post.rendered.hold}` } : {};
    return {
      entry: firstEntry(post, post.state, at, { actor, ...held }),
      from: [null],
      options: { payload: post },
    };
  }

  /** One post, from the start: after a race with someone who changed or removed it meanwhile. */
  private async schedulePost(post: PlannedPost, actor: string): Promise<ScheduledPostReport> {
    const [report] = await this.scheduleBatch([post], actor);
    return report!;
  }

  /** A post that exists already: kept, unchanged, or updated from the edited news item. */
  private async scheduleExisting(post: PlannedPost, existing: PostRecord, actor: string): Promise<ScheduledPostReport> {
    const { publishingLog: log, store, queue } = this.options;
    const report = (
      state: PostState,
      action: ScheduleAction,
      plannedAt = post.plannedAt,
      note?: string,
      attention = false,
    ) => postReport(post, state, action, plannedAt, note, attention);
    const textChanged = existing.textHash !== sha256(loggedText(post));
    if (existing.state === 'cancelled') {
      const stored = await store.get(post.postId);
      if (stored && cancelledByPlan(existing, stored)) return this.restore(post, existing, stored.post, actor);
    }
    if (!EDITABLE_STATES.includes(existing.state)) {
      const note = existing.state === 'publishing' ? 'being published right now' : `already ${existing.state}`;
      // The item changed (an unchanged one never gets here) and the live post says something else
      // than it now would: a moved date or place may be wrong out there. Nothing is posted again (a
      // second post is the person's call); the note says where to look.
      const stale = existing.state === 'published' && textChanged;
      return stale
        ? report(existing.state, 'kept', existing.plannedAt, `${note}; ${staleNote(existing)}`, true)
        : report(existing.state, 'kept', existing.plannedAt, note);
    }
    const unchanged = existing.plannedAt === post.plannedAt && !textChanged;
    if (unchanged && (await store.has(post.postId))) return report(existing.state, 'unchanged');
    if (textChanged) {
      // An earlier attempt claimed this post (and went back to `scheduled` after a 5xx, say) or
      // posted thread parts, by the store or the log's history (live-text.ts): the old text may be live. Taking the new text would make the next
      // attempt reconcile against text that was never sent, find nothing and post again (and a
      // thread would get the new parts as replies to the old ones). So the post keeps the text it
      // was claimed with and is reconciled with it; a person cancels or retries it.
      const stored = await store.get(post.postId);
      const what =
        stored && (await liveTextReason(existing, stored, log, channelZoneById(this.options.config, existing.channel)));
      if (what) {
        return report(
          existing.state,
          'kept',
          existing.plannedAt,
          `edit not applied: ${what}, so the old text may be live; the post keeps the old text and is checked against the platform before any new attempt. To drop it: \`secon-bot cancel ${post.postId}\``,
          true,
        );
      }
      if (stored?.post.edited) return this.keepPersonText(post, existing, stored.post, actor);
    }
    const { state, note, reapprove } = await approvalAfterEdit({
      state: existing.state,
      planned: post.state,
      textChanged,
      hold: post.rendered.hold,
      heldBefore: async () => (await store.get(post.postId))?.post.rendered.hold,
    });
    // An edited news item: new text and time, same post (same id), the approval state above. The
    // payload lands with the entry, in one step.
    const updated = await log.transition(
      nextEntry(existing, state, this.now(), { actor, note }, post),
      [existing.state],
      { payload: { ...post, state } },
    );
    if (!updated.ok) return this.schedulePost(post, actor);
    if (reapprove) await queue.remove(post.postId, post.platform);
    else if (state === 'scheduled') await queue.changeTime(post.postId, post.platform, new Date(post.plannedAt));
    return report(state, 'updated', post.plannedAt, note === UPDATED_NOTE ? undefined : note, reapprove);
  }

  /**
   * A post an earlier plan of its item cancelled (the item was said to be in another language, lost
   * a channel, its event moved past a reminder) that the new plan has again: the plan's undoing is
   * undone (a person saying the language back, the event moving back). It comes back as the plan
   * says, with the new text and time, and a job when scheduled. One a person cancelled, or one
   * that was ever claimed (it may be live), never comes back: see cancelledByPlan.
   */
  private async restore(
    post: PlannedPost,
    existing: PostRecord,
    stored: PlannedPost,
    actor: string,
  ): Promise<ScheduledPostReport> {
    // A person's text goes out only after a person saw it again: it comes back waiting for them.
    if (stored.edited) return this.keepPersonText(post, existing, stored, actor, true);
    const held = post.rendered.hold ? `; waits for a person: ${post.rendered.hold}` : '';
    const note = `${BACK_IN_PLAN_NOTE}${held}`;
    const result = await this.options.publishingLog.transition(
      nextEntry(existing, post.state, this.now(), { actor, note }, post),
      ['cancelled'],
      { payload: post },
    );
    if (!result.ok) return this.schedulePost(post, actor);
    // enqueue(), not enqueueNew(): the cancelled post's finished job holds its id.
    if (post.state === 'scheduled')
      await this.options.queue.enqueue(post.postId, post.platform, new Date(post.plannedAt));
    return postReport(post, post.state, 'restored', post.plannedAt, note, post.state !== 'scheduled');
  }

  /**
   * A post whose text a person wrote, after an edit of its news item: their words are kept (the
   * template's would throw them away). The new time and event end are taken. When the template
   * now gives this post another text than the one the person rewrote, the news changed under
   * their words (a date, a place): the post waits for a person, with the reason, and its job is
   * removed; else only its time moves, and its approval stands (as a time-only edit's does).
   * `restored`: the post comes back from being cancelled by the plan (restore), waiting for a person.
   */
  private async keepPersonText(
    post: PlannedPost,
    existing: PostRecord,
    stored: PlannedPost,
    actor: string,
    restored = false,
  ): Promise<ScheduledPostReport> {
    const { publishingLog: log, queue } = this.options;
    const edit = stored.edited!;
    const template = sha256(loggedText(post));
    const changed = template !== edit.template;
    if (!changed && !restored && existing.plannedAt === post.plannedAt)
      return postReport(post, existing.state, 'unchanged', existing.plannedAt);
    const hold = restored
      ? `${BACK_IN_PLAN_NOTE}; it keeps the text ${edit.by} wrote: check it against the item, then edit, approve or cancel it`
      : `the news item changed after ${edit.by} wrote this post's text; it keeps their text: check it against the item, then edit, approve or cancel it`;
    const state: PostState = changed || restored ? 'awaiting-approval' : existing.state;
    const { notAfter: _old, ...kept } = stored;
    const words = stored.rendered;
    const { thread: _thread, hold: _hold, ...fromItem } = post.rendered;
    const updated: PlannedPost = {
      ...kept,
      ...(post.notAfter === undefined ? {} : { notAfter: post.notAfter }),
      plannedAt: post.plannedAt,
      state,
      // Compared with the template's latest text from now on: whoever reviews the post sees this item.
      edited: { ...edit, template },
      // The person's words (and what was measured of them); the link, its card and the images are
      // the item's, which no edit of the text touches: the new ones.
      rendered: {
        ...fromItem,
        text: words.text,
        ...(words.thread ? { thread: words.thread } : {}),
        metrics: words.metrics,
        warnings: words.warnings,
        ...(changed || restored ? { hold } : words.hold ? { hold: words.hold } : {}),
      },
    };
    const note =
      changed || restored ? `waits for a person: ${hold}` : `${UPDATED_NOTE}; the text ${edit.by} wrote is kept`;
    const result = await log.transition(
      nextEntry(existing, state, this.now(), { actor, note }, updated),
      [existing.state],
      {
        payload: updated,
      },
    );
    if (!result.ok) return this.schedulePost(post, actor);
    if (state !== 'scheduled') await queue.remove(post.postId, post.platform);
    else await queue.changeTime(post.postId, post.platform, new Date(post.plannedAt));
    return postReport(updated, state, restored ? 'restored' : 'updated', post.plannedAt, note, changed || restored);
  }

  /**
   * The item's posts that have not gone out and that the new plan no longer has (a channel or a
   * language dropped, a reminder whose time has passed since the event moved): cancelled, or
   * they would go out with their old text, time and event.
   */
  private async cancelLeftovers(plan: Plan, actor: string, notInPlan: string): Promise<ScheduledPostReport[]> {
    const planned = new Set(plan.posts.map((p) => p.postId));
    const records = await this.options.publishingLog.query({ newsId: [plan.newsId], state: [...CANCELLABLE_STATES] });
    const out: ScheduledPostReport[] = [];
    for (const record of records) {
      if (planned.has(record.postId) || !CANCELLABLE_STATES.includes(record.state)) continue;
      const stored = await this.options.store.get(record.postId);
      // A claimed post may be live already: cancelling is still right (it must not go out again),
      // but the note says so, for the person reading the history.
      const note =
        stored?.claimedAt || stored?.postedParts.length
          ? `${notInPlan}; an earlier attempt may be live on ${record.platform}: check it`
          : notInPlan;
      const result = await this.options.publishingLog.transition(
        nextEntry(record, 'cancelled', this.now(), { actor, note }),
        [record.state],
      );
      const base = {
        postId: record.postId,
        channel: record.channel,
        language: record.language,
        kind: record.kind,
        plannedAt: record.plannedAt,
      };
      if (!result.ok) {
        out.push({
          ...base,
          state: result.record?.state ?? record.state,
          action: 'kept',
          note: `${notInPlan}, but it changed meanwhile (now ${result.record?.state ?? 'unknown'})`,
        });
        continue;
      }
      await this.options.queue.remove(record.postId, record.platform);
      out.push({ ...base, state: 'cancelled', action: 'cancelled', note });
    }
    return out;
  }

  /**
   * Times already taken on each channel, for planItem's `busy` (slots and minimum gap). Posts of
   * `exceptNewsId` are left out so that planning the same item again finds the same slots.
   */
  async busy(exceptNewsId?: string): Promise<(channelId: string) => Date[]> {
    return (await this.busyTimes()).forItem(exceptNewsId);
  }

  /** Every pending post's slot, read once (one query); a batch plans against it in memory. */
  async busyTimes(): Promise<BusyTimes> {
    const pending = await this.options.publishingLog.query({ state: [...PENDING_STATES] });
    return new BusyTimes(pending.map((r) => ({ newsId: r.newsId, channel: r.channel, plannedAt: r.plannedAt })));
  }

  /** Makes sure a scheduled or interrupted post has a job, due at its time or now if that is past. */
  async requeue(record: PostRecord): Promise<void> {
    const at = new Date(Math.max(Date.parse(record.plannedAt), this.now().getTime()));
    await this.options.queue.enqueue(record.postId, record.platform, at);
  }
}

/** One line of the schedule's report. */
function postReport(
  post: PlannedPost,
  state: PostState,
  action: ScheduleAction,
  plannedAt = post.plannedAt,
  note?: string,
  attention = false,
): ScheduledPostReport {
  return {
    postId: post.postId,
    channel: post.channel,
    language: post.language,
    kind: post.kind,
    plannedAt,
    state,
    action,
    ...(note ? { note } : {}),
    ...(attention ? { attention: true as const } : {}),
  };
}

/**
 * A post the plan cancelled (its note says "no longer in the plan"), not a person, and that no
 * attempt ever claimed: one that was claimed may be live, and must never be queued again.
 */
function cancelledByPlan(record: PostRecord, stored: StoredPost): boolean {
  return (
    record.state === 'cancelled' &&
    record.note?.startsWith(NOT_IN_PLAN) === true &&
    stored.claimedAt === undefined &&
    stored.postedParts.length === 0
  );
}
