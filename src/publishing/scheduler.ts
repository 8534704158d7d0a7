import type { Config } from '../config/config-schema.ts';
import { InputError } from '../errors/input-error.ts';
import type { PostRecord, PublishingLog } from '../log/publishing-log.ts';
import type { Plan } from '../planning/plan.ts';
import type { PlannedPost, PostState } from '../posts/post.ts';
import { BusyTimes } from './busy-times.ts';
import type { ChannelPause, ChannelState } from './channel-state.ts';
import { firstEntry, loggedText, nextEntry, sha256 } from './log-entries.ts';
import type { PostStore } from './post-store.ts';
import type { PublishQueuePort } from './publish-queue-port.ts';

/**
 * What schedule() did with one post: `cancelled` is a post of the same news item that the new
 * plan no longer has (an edited item lost a channel, a language or a reminder).
 */
export type ScheduleAction = 'created' | 'updated' | 'unchanged' | 'kept' | 'cancelled';

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
}

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  config: Config;
  log: PublishingLog;
  store: PostStore;
  channels: ChannelState;
  queue: PublishQueuePort;
  /** Clock. Default: the real one. */
  now?: () => Date;
}

/** States still waiting to go out: they hold a slot on their channel. */
export const PENDING_STATES: ReadonlyArray<PostState> = ['draft', 'awaiting-approval', 'scheduled', 'publishing'];
const EDITABLE: ReadonlyArray<PostState> = ['draft', 'awaiting-approval', 'scheduled'];
const RETRYABLE: ReadonlyArray<PostState> = ['failed', 'missed', 'unconfirmed'];
const CANCELLABLE: ReadonlyArray<PostState> = ['draft', 'awaiting-approval', 'scheduled'];

/** The note on a post an edited news item no longer plans. */
export const NOT_IN_PLAN_NOTE = 'no longer in the plan of the edited item';

/**
 * Everything a person or the planner does to the schedule: queue a plan, approve, cancel,
 * reschedule, pause and resume channels, retry. The publishing log holds each post's state; the
 * post store its payload; the queue one job per post (job id = post id).
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
   * has are cancelled and reported as `cancelled`.
   */
  async schedule(plan: Plan, actor = 'cli:schedule'): Promise<ScheduledPostReport[]> {
    const out: ScheduledPostReport[] = [];
    for (const post of plan.posts) out.push(await this.schedulePost(post, actor));
    out.push(...(await this.cancelLeftovers(plan, actor)));
    return out;
  }

  private async schedulePost(post: PlannedPost, actor: string): Promise<ScheduledPostReport> {
    const { log, store, queue } = this.options;
    const report = (
      state: PostState,
      action: ScheduleAction,
      plannedAt = post.plannedAt,
      note?: string,
    ): ScheduledPostReport => ({
      postId: post.postId,
      channel: post.channel,
      language: post.language,
      kind: post.kind,
      plannedAt,
      state,
      action,
      ...(note ? { note } : {}),
    });
    const existing = await log.get(post.postId);
    if (!existing) {
      // Payload first, then the log entry, then the job: a crash in between leaves a post the
      // minute sweep re-queues, never a job without its text.
      await store.save(post);
      const created = await log.transition(firstEntry(post, post.state, this.now(), { actor }), [null]);
      if (!created.ok) return this.schedulePost(post, actor);
      if (post.state === 'scheduled') await queue.enqueue(post.postId, post.platform, new Date(post.plannedAt));
      return report(post.state, 'created');
    }
    if (!EDITABLE.includes(existing.state)) {
      return report(
        existing.state,
        'kept',
        existing.plannedAt,
        existing.state === 'publishing' ? 'being published right now' : `already ${existing.state}`,
      );
    }
    const textChanged = existing.textHash !== sha256(loggedText(post));
    const unchanged = existing.plannedAt === post.plannedAt && !textChanged;
    if (unchanged && (await store.has(post.postId))) return report(existing.state, 'unchanged');
    if (textChanged) {
      // An earlier attempt claimed this post (and went back to `scheduled` after a 5xx, say) or
      // posted thread parts: the old text may be live. Taking the new text would make the next
      // attempt reconcile against text that was never sent, find nothing and post again (and a
      // thread would get the new parts as replies to the old ones). So the post keeps the text it
      // was claimed with and is reconciled with it; a person cancels or retries it.
      const stored = await store.get(post.postId);
      if (stored && (stored.claimedAt !== undefined || stored.postedParts.length > 0)) {
        const what = stored.postedParts.length
          ? `${stored.postedParts.length} thread part(s) already posted (${stored.postedParts.join(', ')})`
          : `an attempt claimed it at ${stored.claimedAt}`;
        return report(
          existing.state,
          'kept',
          existing.plannedAt,
          `edit not applied: ${what}, so the old text may be live; the post keeps the old text and is checked against the platform before any new attempt. To drop it: \`secon-bot cancel ${post.postId}\``,
        );
      }
    }
    // Someone approved the old text; nobody approved the new one. When the plan wants approval
    // for this post (channel or intake), it waits for a person again and loses its job.
    const reapprove = textChanged && existing.state === 'scheduled' && post.state === 'awaiting-approval';
    const state: PostState = reapprove ? 'awaiting-approval' : existing.state;
    const note = reapprove
      ? 'the edited news item changed the approved text; waits for approval again'
      : 'updated from the edited news item';
    // An edited news item: new text and time, same post (same id), same approval state.
    await store.save({ ...post, state });
    const updated = await log.transition(nextEntry(existing, state, this.now(), { actor, note }, post), [
      existing.state,
    ]);
    if (!updated.ok) return this.schedulePost(post, actor);
    if (reapprove) await queue.remove(post.postId, post.platform);
    else if (state === 'scheduled') await queue.changeTime(post.postId, post.platform, new Date(post.plannedAt));
    return report(state, 'updated', post.plannedAt, reapprove ? note : undefined);
  }

  /**
   * The item's posts that have not gone out and that the new plan no longer has (a channel or a
   * language dropped, a reminder whose time has passed since the event moved): cancelled, or
   * they would go out with their old text, time and event.
   */
  private async cancelLeftovers(plan: Plan, actor: string): Promise<ScheduledPostReport[]> {
    const planned = new Set(plan.posts.map((p) => p.postId));
    const records = await this.options.log.query({ newsId: [plan.newsId], state: [...CANCELLABLE] });
    const out: ScheduledPostReport[] = [];
    for (const record of records) {
      if (planned.has(record.postId) || !CANCELLABLE.includes(record.state)) continue;
      const stored = await this.options.store.get(record.postId);
      // A claimed post may be live already: cancelling is still right (it must not go out again),
      // but the note says so, for the person reading the history.
      const note =
        stored?.claimedAt || stored?.postedParts.length
          ? `${NOT_IN_PLAN_NOTE}; an earlier attempt may be live on ${record.platform}: check it`
          : NOT_IN_PLAN_NOTE;
      const result = await this.options.log.transition(nextEntry(record, 'cancelled', this.now(), { actor, note }), [
        record.state,
      ]);
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
          note: `${NOT_IN_PLAN_NOTE}, but it changed meanwhile (now ${result.record?.state ?? 'unknown'})`,
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
    const pending = await this.options.log.query({ state: [...PENDING_STATES] });
    return new BusyTimes(pending.map((r) => ({ newsId: r.newsId, channel: r.channel, plannedAt: r.plannedAt })));
  }

  /** awaiting-approval → scheduled, and queued for its planned time. */
  async approve(postId: string, actor = 'cli:approve'): Promise<PostRecord> {
    const record = await this.require(postId, ['awaiting-approval', 'draft'], 'approve');
    const post = await this.payload(postId);
    const result = await this.options.log.transition(
      nextEntry(record, 'scheduled', this.now(), { actor, note: 'approved' }),
      [record.state],
    );
    const approved = this.changed(result, postId, 'approve');
    await this.options.queue.enqueue(postId, post.platform, new Date(post.plannedAt));
    return approved;
  }

  /** Cancels one post that has not gone out; its job is removed. */
  async cancel(postId: string, actor = 'cli:cancel'): Promise<PostRecord> {
    const record = await this.require(postId, CANCELLABLE, 'cancel');
    const result = await this.options.log.transition(nextEntry(record, 'cancelled', this.now(), { actor }), [
      record.state,
    ]);
    const cancelled = this.changed(result, postId, 'cancel');
    // Removing the job is tidiness only: a job that still runs finds `cancelled` and does nothing.
    await this.options.queue.remove(postId, record.platform);
    return cancelled;
  }

  /** Cancels every post of a news item that has not gone out; reports the others as they are. */
  async cancelNews(newsId: string, actor = 'cli:cancel'): Promise<{ cancelled: PostRecord[]; kept: PostRecord[] }> {
    const records = await this.options.log.query({ newsId: [newsId] });
    if (!records.length) throw new InputError(`no posts found for news id "${newsId}"`);
    const cancelled: PostRecord[] = [];
    const kept: PostRecord[] = [];
    for (const record of records) {
      if (CANCELLABLE.includes(record.state)) cancelled.push(await this.cancel(record.postId, actor));
      else kept.push(record);
    }
    return { cancelled, kept };
  }

  /** Moves a post that has not gone out to a new time (its job moves with it). */
  async reschedule(postId: string, at: Date, actor = 'cli:reschedule'): Promise<PostRecord> {
    const record = await this.require(postId, EDITABLE, 'reschedule');
    const post = await this.payload(postId);
    if (post.notAfter && at.getTime() >= Date.parse(post.notAfter)) {
      throw new InputError(
        `cannot reschedule ${postId} to ${at.toISOString()}: the event it announces starts at ${post.notAfter}; choose an earlier time`,
      );
    }
    const moved: PlannedPost = { ...post, plannedAt: at.toISOString() };
    await this.options.store.save(moved);
    const result = await this.options.log.transition(
      nextEntry(record, record.state, this.now(), {
        actor,
        plannedAt: moved.plannedAt,
        note: `rescheduled from ${record.plannedAt}`,
      }),
      [record.state],
    );
    const updated = this.changed(result, postId, 'reschedule');
    if (record.state === 'scheduled') await this.options.queue.changeTime(postId, record.platform, at);
    return updated;
  }

  /** failed / missed / unconfirmed → scheduled, due now. The publisher asks the platform first if an earlier attempt may have landed. */
  async retry(postId: string, actor = 'cli:retry'): Promise<PostRecord> {
    const record = await this.require(postId, RETRYABLE, 'retry');
    const post = await this.payload(postId);
    const now = this.now();
    const moved: PlannedPost = { ...post, plannedAt: now.toISOString() };
    await this.options.store.save(moved);
    const result = await this.options.log.transition(
      nextEntry(record, 'scheduled', now, {
        actor,
        attempt: 0,
        plannedAt: moved.plannedAt,
        note: `retry after ${record.state}`,
      }),
      [record.state],
    );
    const retried = this.changed(result, postId, 'retry');
    // enqueue() replaces the old finished job: a finished job with the same id would block a new one.
    await this.options.queue.enqueue(postId, record.platform, now);
    return retried;
  }

  async pause(channel: string, reason: string, by = 'cli:pause'): Promise<ChannelPause> {
    this.requireChannel(channel);
    return this.options.channels.pause(channel, reason, by, this.now());
  }

  /** Lifts a pause; the channel's waiting posts are queued again at their time (or now, if past). */
  async resume(channel: string): Promise<{ pause: ChannelPause | null; requeued: number }> {
    this.requireChannel(channel);
    const pause = await this.options.channels.resume(channel);
    const waiting = await this.options.log.query({ channel: [channel], state: ['scheduled', 'publishing'] });
    for (const record of waiting) await this.requeue(record);
    return { pause, requeued: waiting.length };
  }

  /** Makes sure a scheduled or interrupted post has a job, due at its time or now if that is past. */
  async requeue(record: PostRecord): Promise<void> {
    const at = new Date(Math.max(Date.parse(record.plannedAt), this.now().getTime()));
    await this.options.queue.enqueue(record.postId, record.platform, at);
  }

  /** What is still to go out, soonest first. */
  async agenda(channel?: string[]): Promise<PostRecord[]> {
    const records = await this.options.log.query({
      state: ['awaiting-approval', 'scheduled', 'publishing', 'draft'],
      ...(channel?.length ? { channel } : {}),
    });
    return records.sort((a, b) => Date.parse(a.plannedAt) - Date.parse(b.plannedAt));
  }

  private async require(postId: string, allowed: ReadonlyArray<PostState>, action: string): Promise<PostRecord> {
    const record = await this.options.log.get(postId);
    if (!record)
      throw new InputError(`unknown post id "${postId}" (see \`secon-bot agenda\` or \`secon-bot history\`)`);
    if (!allowed.includes(record.state)) {
      throw new InputError(
        `cannot ${action} post ${postId}: it is ${record.state}; ${action} works on ${allowed.join(', ')} posts`,
      );
    }
    return record;
  }

  private async payload(postId: string): Promise<PlannedPost> {
    const stored = await this.options.store.get(postId);
    if (!stored)
      throw new Error(`post ${postId} has a log record but no stored payload under ${this.options.store.key(postId)}`);
    return stored.post;
  }

  private changed(result: { ok: boolean; record: PostRecord | null }, postId: string, action: string): PostRecord {
    if (!result.ok || !result.record) {
      throw new InputError(
        `cannot ${action} post ${postId}: its state changed meanwhile (now ${result.record?.state ?? 'unknown'}); try again`,
      );
    }
    return result.record;
  }

  private requireChannel(channel: string): void {
    if (!this.options.config.channels.some((c) => c.id === channel)) {
      throw new InputError(
        `unknown channel "${channel}"; configured: ${this.options.config.channels.map((c) => c.id).join(', ')}`,
      );
    }
  }
}
