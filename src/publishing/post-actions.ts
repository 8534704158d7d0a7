import type { Config } from '../config/config-schema.ts';
import { InputError } from '../input-error.ts';
import type { LogEntry } from '../log/log-entry.ts';
import { APPROVED_NOTE, resolvedFacts } from '../log/post-facts.ts';
import type { HistoryFilter, PostRecord, PublishingLog } from '../log/publishing-log.ts';
import type { NewsStore } from '../news/news-store.ts';
import { channelSchedule, channelZoneById } from '../planning/channel-schedule.ts';
import { planOrder } from '../planning/plan-order.ts';
import { replanPost } from '../planning/replan-post.ts';
import {
  AWAITING_APPROVAL_STATES,
  CANCELLABLE_STATES,
  EDITABLE_STATES,
  overLimit,
  PENDING_STATES,
  type PlannedPost,
  type PostState,
  RETRYABLE_STATES,
  type RenderedPost,
  TEXT_EDITABLE_STATES,
} from '../posts/post.ts';
import type { PostRenderer } from '../templates/post-renderer.ts';
import type { ChannelPause, ChannelState } from './channel-state.ts';
import { crowdingNotes } from './crowded-channel.ts';
import { fitEditedText } from './edited-text.ts';
import { liveTextReason } from './live-text.ts';
import { loggedText, nextEntry, sha256 } from './log-entries.ts';
import { type NeedingAPerson, needingAPerson } from './needing-a-person.ts';
import { localTime, readableTime } from './parse-when.ts';
import type { PostStore, StoredPost } from './post-store.ts';
import type { PublishQueuePort } from './publish-queue-port.ts';
import type { Scheduler } from './scheduler.ts';

/**
 * How far in the past a new time may lie and still be taken: `now` typed a moment before the
 * request arrives, or a clock a little behind the server's, must still work.
 */
export const PAST_SLACK_MS = 60_000;

/** Who edits a text: only what the domain needs of them, not their role's name. */
export interface Editor {
  /** The actor may approve posts (desk approver or admin, or the CLI's operator). */
  mayApprove: boolean;
}

/** Options of {@link PostActions}. */
export interface PostActionsOptions {
  config: Config;
  publishingLog: PublishingLog;
  store: PostStore;
  channels: ChannelState;
  queue: PublishQueuePort;
  /** Queues a channel's waiting posts again on resume. */
  scheduler: Scheduler;
  /** The news items taken (reschedule renders a post again from its item). */
  news: NewsStore;
  /** The renderer (reschedule re-renders; built on first use). */
  renderer: () => PostRenderer;
  /** Clock. Default: the real one. */
  now?: () => Date;
}

/**
 * What a person does to posts and channels — from the CLI or the review desk: approve, cancel,
 * reschedule, retry, pause and resume a channel, see the agenda. Every change is a log entry whose
 * `actor` names who did it (`cli:maria`, `web:maria`): there is no default, so a caller can never
 * record an action under someone else's name by forgetting to pass one.
 */
export class PostActions {
  private readonly now: () => Date;

  constructor(private readonly options: PostActionsOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** awaiting-approval → scheduled, and queued for its planned time. */
  async approve(postId: string, actor: string): Promise<PostRecord> {
    const record = await this.require(postId, AWAITING_APPROVAL_STATES, 'approve');
    const post = await this.payload(postId);
    // A held post whose text is still over the limit would only be refused by the platform.
    if (overLimit(post.rendered)) {
      throw new InputError(
        `cannot approve post ${postId}: ${post.rendered.hold ?? 'its text is over the platform limit'}; edit its text (\`secon-bot edit ${postId}\`) or shorten the news item`,
      );
    }
    const result = await this.options.publishingLog.transition(
      nextEntry(record, 'scheduled', this.now(), { actor, note: APPROVED_NOTE }),
      [record.state],
    );
    const approved = this.changed(result, postId, 'approve');
    await this.options.queue.enqueue(postId, post.platform, new Date(post.plannedAt));
    return approved;
  }

  /** Cancels one post that has not gone out; its job is removed. */
  async cancel(postId: string, actor: string): Promise<PostRecord> {
    const record = await this.require(postId, CANCELLABLE_STATES, 'cancel');
    const result = await this.options.publishingLog.transition(nextEntry(record, 'cancelled', this.now(), { actor }), [
      record.state,
    ]);
    const cancelled = this.changed(result, postId, 'cancel');
    // Removing the job is tidiness only: a job that still runs finds `cancelled` and does nothing.
    await this.options.queue.remove(postId, record.platform);
    return cancelled;
  }

  /** Cancels every post of a news item that has not gone out; reports the others as they are. */
  async cancelNews(newsId: string, actor: string): Promise<{ cancelled: PostRecord[]; kept: PostRecord[] }> {
    const records = await this.options.publishingLog.query({ newsId: [newsId] });
    if (!records.length) throw new InputError(`no posts found for news id "${newsId}"`);
    const cancelled: PostRecord[] = [];
    const kept: PostRecord[] = [];
    for (const record of records) {
      if (!CANCELLABLE_STATES.includes(record.state)) {
        kept.push(record);
        continue;
      }
      try {
        cancelled.push(await this.cancel(record.postId, actor));
      } catch (error) {
        // It changed meanwhile (the worker took it up, someone else cancelled it): kept as it is
        // now, and the others are still cancelled.
        if (!(error instanceof InputError)) throw error;
        kept.push((await this.options.publishingLog.get(record.postId)) ?? record);
      }
    }
    return { cancelled, kept };
  }

  /**
   * Moves a post that has not gone out to a new time (its job moves with it). A time in the past
   * (beyond {@link PAST_SLACK_MS}) is refused: the worker would mark the post missed at once.
   * `sendNow` says a person asked for it to go out now ("Send now", `reschedule <id> now`): the log
   * says so, not only that it moved.
   */
  async reschedule(postId: string, at: Date, actor: string, how: { sendNow?: boolean } = {}): Promise<PostRecord> {
    const record = await this.require(postId, EDITABLE_STATES, 'reschedule');
    const stored = await this.stored(postId);
    const post = stored.post;
    const zone = channelZoneById(this.options.config, post.channel);
    if (at.getTime() < this.now().getTime() - PAST_SLACK_MS) {
      throw new InputError(
        `cannot reschedule ${postId}: time ${localTime(at, zone)} is in the past; use now, +10m or a later time`,
      );
    }
    if (post.notAfter && at.getTime() >= Date.parse(post.notAfter)) {
      throw new InputError(
        `cannot reschedule ${postId} to ${at.toISOString()}: the event it announces starts at ${post.notAfter}; choose an earlier time`,
      );
    }
    const { moved, note } = await this.movedPost(post, at, {
      action: how.sendNow ? 'sent now: moved' : 'rescheduled',
      from: record.plannedAt,
      zone,
      locked: await liveTextReason(record, stored, this.options.publishingLog, zone),
    });
    // The payload's own state is the one it was planned with; only a new hold (the text at the new
    // time no longer fits) sends a scheduled post back to a person.
    const heldNow = moved.rendered.hold !== undefined && post.rendered.hold === undefined;
    const state = record.state === 'scheduled' && heldNow ? 'awaiting-approval' : record.state;
    const result = await this.options.publishingLog.transition(
      nextEntry(record, state, this.now(), { actor, plannedAt: moved.plannedAt, note }, moved),
      [record.state],
      { payload: moved },
    );
    const updated = this.changed(result, postId, 'reschedule');
    if (state === 'scheduled') await this.options.queue.changeTime(postId, record.platform, at);
    else if (record.state === 'scheduled') await this.options.queue.remove(postId, record.platform);
    return updated;
  }

  /**
   * Notes on the posts of a moved post's channel that go out closer to it than the channel keeps
   * between posts (crowded-channel.ts): said to the person who moved it, nothing is changed.
   */
  async crowding(record: PostRecord): Promise<string[]> {
    const channel = this.options.config.channels.find((c) => c.id === record.channel);
    if (!channel) return [];
    const { minGapMinutes, zone } = channelSchedule(this.options.config, channel);
    // The log's time filters are on when a record last changed, not on when it goes out: the
    // channel's posts still to go out are few, and their planned times are compared here.
    const pending = await this.options.publishingLog.query({ channel: [record.channel], state: [...PENDING_STATES] });
    return crowdingNotes(record, pending, minGapMinutes, zone);
  }

  /**
   * The post at its new time (reschedule, retry): rendered again from its news item when its text
   * is the template's (a reminder moved to another day must not say "tomorrow"; relative days are
   * counted from `at`, when it is read), else moved as it is. Kept as it is when it may be live
   * (`how.locked`, from live-text.ts: the old text is what the next attempt reconciles
   * against), when its item is not known here, or when a person edited its text (the text
   * rendered for the old time differs from the stored one) — re-rendering would throw their words
   * away. The note says from and to in the channel's local time (the entry keeps ISO times).
   */
  private async movedPost(
    post: PlannedPost,
    at: Date,
    how: { action: string; from: string; zone: string; locked: string | undefined },
  ): Promise<{ moved: PlannedPost; note: string }> {
    const { zone } = how;
    const moves = `${how.action} from ${readableTime(how.from, zone)} to ${readableTime(at, zone)} (${zone})`;
    const timeOnly = (why: string) => ({
      moved: { ...post, plannedAt: at.toISOString() },
      note: `${moves}${why ? `; text kept: ${why}` : ''}`,
    });
    if (how.locked) return timeOnly(how.locked);
    if (post.edited) return timeOnly(`it is the text ${post.edited.by} wrote`);
    const item = await this.options.news.get(post.newsId);
    if (!item) return timeOnly('');
    const options = { config: this.options.config, renderer: this.options.renderer() };
    const asPlanned = replanPost(post, item, new Date(post.plannedAt), options);
    if (asPlanned.textChanged) return timeOnly('it is not the text its template gives (edited by a person?)');
    const { post: moved, textChanged } = replanPost(post, item, at, options);
    if (!textChanged) return { moved, note: moves };
    const held = moved.rendered.hold ? `; waits for a person: ${moved.rendered.hold}` : '';
    return { moved, note: `${moves}; rendered again for the new time${held}` };
  }

  /**
   * What the post's news item gives it now (its template's text at the post's time), beside the
   * text a person wrote (`post.edited`): after an edit of the item, the reviewer compares the two.
   * Undefined when the item is not known here or cannot be rendered for the post any more (its
   * channel gone, its event started).
   */
  async itemText(post: PlannedPost): Promise<RenderedPost | undefined> {
    const item = await this.options.news.get(post.newsId);
    if (!item) return undefined;
    const options = { config: this.options.config, renderer: this.options.renderer() };
    try {
      return replanPost(post, item, new Date(post.plannedAt), options).post.rendered;
    } catch (error) {
      if (error instanceof InputError) return undefined;
      throw error;
    }
  }

  /**
   * The post's history shows it was subject to approval: it waited for one, or someone approved it.
   * Read from the facts its record keeps (post-facts.ts): an approval that retention trimmed from
   * the timeline still counts, so an edit after it still asks for approval again.
   */
  private async approvedBefore(postId: string): Promise<boolean> {
    const [facts] = await resolvedFacts(this.options.publishingLog, [postId]);
    return facts?.subjectToApproval ?? false;
  }

  /**
   * Replaces the text of a post that has not gone out with a person's text, checked and fitted to
   * its platform again (edited-text.ts: the renderer's fitting; an X post may become a thread).
   * Refused like an edit of its news item when the old text may be live (live-text.ts: claimed,
   * parts posted, or a claim in its history), and the next attempt must reconcile against the text it sent. A
   * scheduled post goes back to awaiting approval when nobody approved the new text: always when
   * its channel needs approval, and, when `editor` may not approve, also when its history shows an
   * approval (else an editor could change what an approver let out). Returns the record and the
   * fitting's warnings.
   */
  async editText(
    postId: string,
    text: string,
    actor: string,
    editor: Editor,
  ): Promise<{ record: PostRecord; warnings: string[] }> {
    const record = await this.require(postId, TEXT_EDITABLE_STATES, 'edit');
    const stored = await this.stored(postId);
    const zone = channelZoneById(this.options.config, record.channel);
    const locked = await liveTextReason(record, stored, this.options.publishingLog, zone);
    if (locked)
      throw new InputError(
        `cannot edit post ${postId}: ${locked}, so the old text may be live; it keeps the old text and is checked against the platform before any new attempt. To drop it: \`secon-bot cancel ${postId}\``,
      );
    const post = stored.post;
    const channel = this.options.config.channels.find((c) => c.id === post.channel);
    const fit = fitEditedText(text, {
      platform: post.platform,
      language: post.language,
      threadMode: channel?.thread ?? 'auto',
      maxThreadParts: this.options.config.platforms.twitter.maxThreadParts,
    });
    if (fit.hold) throw new InputError(`cannot edit post ${postId}: ${fit.hold}`);
    // The new text fits: a hold the planned text had (too long, too many parts) no longer applies.
    const { thread: _oldThread, hold: _oldHold, ...rest } = post.rendered;
    const rendered: RenderedPost = {
      ...rest,
      text: fit.text,
      ...(fit.thread ? { thread: fit.thread } : {}),
      metrics: fit.metrics,
      warnings: fit.warnings,
    };
    // The template text their words stand for: the one they replaced, or, when they rewrite their
    // own words, the latest one those were checked against (they have seen that item).
    const template = post.edited?.template ?? record.textHash;
    const by = { by: actor, at: this.now().toISOString() };
    const edited: PlannedPost = { ...post, rendered, edited: { ...by, replaced: template, template } };
    if (sha256(loggedText(edited)) === record.textHash) return { record, warnings: fit.warnings };
    const channelNeeds = Boolean(channel?.requireApproval);
    // A failed or missed post was let out once: its new text needs an approval as a scheduled one's does.
    const settled = record.state === 'failed' || record.state === 'missed';
    const reapprove =
      (record.state === 'scheduled' || settled) &&
      (channelNeeds || (!editor.mayApprove && (await this.approvedBefore(postId))));
    const state: PostState = reapprove ? 'awaiting-approval' : record.state;
    const note = !reapprove
      ? settled
        ? `text edited; it stays ${record.state} until someone retries it`
        : 'text edited'
      : channelNeeds
        ? 'text edited; waits for approval again'
        : 'text edited after its approval by someone who may not approve; waits for approval again';
    // A failed or missed post's time has passed: waiting for approval, it is due when approved,
    // not marked missed at once for a time long gone.
    const due = reapprove && settled ? { ...edited, plannedAt: this.now().toISOString() } : edited;
    // The payload and the log entry in one step, as the scheduler writes an edited item; if the
    // post changed meanwhile (claimed, cancelled), nothing is written.
    const result = await this.options.publishingLog.transition(
      nextEntry(record, state, this.now(), { actor, note, ...keptFailure(record, state) }, due),
      [record.state],
      { payload: due },
    );
    const updated = this.changed(result, postId, 'edit');
    if (reapprove) await this.options.queue.remove(postId, post.platform);
    return { record: updated, warnings: fit.warnings };
  }

  /**
   * failed / missed / unconfirmed → scheduled, due now, rendered again for now as a reschedule is
   * (a missed "tomorrow" must not go out days later). The publisher asks the platform first if an
   * earlier attempt may have landed; such a post keeps its text (live-text.ts). A post whose
   * event has started is refused (stale news) unless it may be live: then the attempt only looks
   * for it on the platform and settles it missed if it is not there (publisher.ts).
   */
  async retry(postId: string, actor: string): Promise<PostRecord> {
    const record = await this.require(postId, RETRYABLE_STATES, 'retry');
    const stored = await this.stored(postId);
    const post = stored.post;
    const now = this.now();
    const zone = channelZoneById(this.options.config, post.channel);
    const live = await liveTextReason(record, stored, this.options.publishingLog, zone);
    if (!live && post.notAfter !== undefined && now.getTime() >= Date.parse(post.notAfter)) {
      throw new InputError(
        `cannot retry post ${postId}: the event it announces started ${readableTime(post.notAfter, zone)} (${zone}), so it would be stale news; it stays ${record.state}`,
      );
    }
    const { moved, note } = await this.movedPost(post, now, {
      action: `retry after ${record.state}: moved`,
      from: record.plannedAt,
      zone,
      locked: live,
    });
    // As on reschedule: only a new hold (the text for now no longer fits) sends it to a person.
    const held = moved.rendered.hold !== undefined && post.rendered.hold === undefined;
    const state: PostState = held ? 'awaiting-approval' : 'scheduled';
    const result = await this.options.publishingLog.transition(
      nextEntry(record, state, now, { actor, attempt: 0, plannedAt: moved.plannedAt, note }, moved),
      [record.state],
      { payload: moved },
    );
    const retried = this.changed(result, postId, 'retry');
    // enqueue() replaces the old finished job: a finished job with the same id would block a new one.
    if (state === 'scheduled') await this.options.queue.enqueue(postId, record.platform, now);
    return retried;
  }

  /**
   * Pauses a channel. `already`: it was paused before, and that pause (its reason, who, since when)
   * is what stands: a second pause does not overwrite the first (ChannelState.pause).
   */
  async pause(channel: string, reason: string, by: string): Promise<{ pause: ChannelPause; already: boolean }> {
    this.requireChannel(channel);
    return this.options.channels.pause(channel, reason, by, this.now());
  }

  /** Lifts a pause; the channel's waiting posts are queued again at their time (or now, if past). */
  async resume(channel: string, by: string): Promise<{ pause: ChannelPause | null; requeued: number }> {
    this.requireChannel(channel);
    const pause = await this.options.channels.resume(channel, by, this.now());
    const waiting = await this.options.publishingLog.query({ channel: [channel], state: ['scheduled', 'publishing'] });
    for (const record of waiting) await this.options.scheduler.requeue(record);
    return { pause, requeued: waiting.length };
  }

  /** Posts that wait for a person but are not on the agenda ({@link needingAPerson}). */
  needingAPerson(now: Date, filter: Pick<HistoryFilter, 'channel' | 'newsId'> = {}): Promise<NeedingAPerson> {
    return needingAPerson(this.options.publishingLog, this.options.config, now, filter);
  }

  /** What is still to go out, soonest first; posts of the same minute by channel, then language. */
  async agenda(channel?: string[]): Promise<PostRecord[]> {
    const records = await this.options.publishingLog.query({
      state: [...PENDING_STATES],
      ...(channel?.length ? { channel } : {}),
    });
    return records.sort(planOrder(this.options.config, { timeFirst: true }));
  }

  private async require(postId: string, allowed: ReadonlyArray<PostState>, action: string): Promise<PostRecord> {
    const record = await this.options.publishingLog.get(postId);
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
    return (await this.stored(postId)).post;
  }

  private async stored(postId: string): Promise<StoredPost> {
    const stored = await this.options.store.get(postId);
    if (!stored)
      throw new Error(`post ${postId} has a log record but no stored payload under ${this.options.store.key(postId)}`);
    return stored;
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

/** A post that stays failed keeps the platform's reason on its record: the lists show why it failed. */
function keptFailure(record: PostRecord, state: PostState): Pick<LogEntry, 'errorKind' | 'errorMessage'> {
  if (state !== 'failed') return {};
  return {
    ...(record.errorKind !== undefined ? { errorKind: record.errorKind } : {}),
    ...(record.errorMessage !== undefined ? { errorMessage: record.errorMessage } : {}),
  };
}
