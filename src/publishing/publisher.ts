import { hostname } from 'node:os';
import type { Alert, AlertPort } from '../alerts/alert.ts';
import type { Config, Platform } from '../config/config-schema.ts';
import { scrubSecrets } from '../config/secrets.ts';
import type { LogEntry } from '../log/log-entry.ts';
import type { PostFacts } from '../log/post-facts.ts';
import type { PostRecord, PublishingLog, TransitionOptions } from '../log/publishing-log.ts';
import type { Logger } from '../logger.ts';
import { channelZoneById } from '../planning/channel-schedule.ts';
import { publishDecision } from '../planning/publish-window.ts';
import { DEFAULT_TIMEOUT_MS } from '../platforms/base-adapter.ts';
import type { OutgoingPost, PlatformAdapter, PublishResult } from '../platforms/platform-adapter.ts';
import { PlatformError } from '../platforms/platform-error.ts';
import { AWAITING_APPROVAL_STATES, channelOfPostId, FINAL_STATES, POST_STATES, type PostState } from '../posts/post.ts';
import type { ChannelPause, ChannelState } from './channel-state.ts';
import type { ClaimLeases, Lease } from './claim-leases.ts';
import type { DurableClaimResult } from './durable-claim.ts';
import { LeaseLostError } from './lease-lost-error.ts';
import { historyShowsClaim } from './live-text.ts';
import { type EntryPatch, nextEntry } from './log-entries.ts';
import { readableTime } from './parse-when.ts';
import type { PostStore, StoredPost } from './post-store.ts';
import { worstCasePublishMs } from './publish-deadline.ts';
import type { PublishOutcome } from './publish-outcome.ts';
import type { Reconciler, Reconciliation } from './reconciler.ts';
import type { RedisRestarts, RestartToken } from './redis-restarts.ts';

/** `worker:<host>:<pid>`: this process as the actor of its log entries and in the worker roll. */
export function defaultWorkerId(): string {
  return `worker:${hostname()}:${process.pid}`;
}

/** Options of {@link Publisher}. */
export interface PublisherOptions {
  config: Config;
  publishingLog: PublishingLog;
  store: PostStore;
  channels: ChannelState;
  leases: ClaimLeases;
  reconciler: Reconciler;
  /** The adapter of a channel id; throws when the channel has none. */
  adapterFor: (channel: string) => PlatformAdapter;
  alerts: AlertPort;
  logger?: Logger;
  /**
   * Written as `actor` on every log entry. Default "worker:<host name>:<pid>": a process id alone
   * repeats across the hosts (or containers) of one project's workers.
   */
  workerId?: string;
  /** Publish and failure counters (the worker's /metrics). Default: none. */
  metrics?: PublishMetrics;
  /** How long a paused channel's job waits before it looks again. Default 60 s. */
  pausedRecheckMs?: number;
  /** Clock. Default: the real one. */
  now?: () => Date;
  /**
   * Makes the claim durable before the platform is called (DurableClaim: WAITAOF on Redis 7.2+
   * with appendonly on). Default: none (the claim is not waited for).
   */
  durability?: ClaimDurability;
  /**
   * Tells whether Redis restarted (or the connection dropped) during an attempt, so that the
   * attempt reconciles before calling the platform (see redis-restarts.ts). Default: none.
   */
  restarts?: Pick<RedisRestarts, 'token' | 'since'>;
  /** How long to wait for the claim to reach the append-only file. Default 2000 ms. */
  durableClaimTimeoutMs?: number;
  /**
   * The adapters' per-request timeout, for the lease that covers a platform call (see
   * publish-deadline.ts). Default: the adapters' default, 30 000 ms.
   */
  requestTimeoutMs?: number;
  /** Slack added to the worst-case publish time of the lease. Default 10 000 ms. */
  leaseMarginMs?: number;
  /**
   * Test hook (crash test): called right after the platform answered success and before the
   * answer is recorded — the window in which a dead worker leaves an unknown outcome behind, and
   * in which a Redis crash can lose a claim that was not durable. Awaited.
   */
  afterPlatformAnswer?: (postId: string) => void | Promise<void>;
}

/** What the publisher counts (MetricsRegistry fits). */
export interface PublishMetrics {
  recordPublish(platform: Platform, latenessSeconds: number): void;
  recordFailure(platform: Platform, reason: string): void;
}

/** Waits until the claim is durable (see durable-claim.ts). */
export interface ClaimDurability {
  sync(timeoutMs: number): Promise<DurableClaimResult>;
}

export const DEFAULT_PAUSED_RECHECK_MS = 60_000;
export const DEFAULT_DURABLE_CLAIM_TIMEOUT_MS = 2000;
export const DEFAULT_LEASE_MARGIN_MS = 10_000;
/**
 * The note on a post whose channel the worker paused (credentials refused, no adapter): in words
 * that read right in the terminal and on the desk, where a person resumes it.
 */
export const PAUSED_NOTE = 'channel paused; the post waits until the channel is resumed';
/** The note on a post whose channel is switched off (`enabled: false`). */
export const CHANNEL_DISABLED_NOTE =
  'channel disabled in the configuration (enabled: false); the post waits until it is enabled again, or cancel it';
/**
 * A post refused as a duplicate of a live post that is not its own: nothing of it went out, and the
 * remedy is a person's (new words, or a cancel).
 */
export const DUPLICATE_NOT_OURS_NOTE =
  'the platform refused it as a duplicate: the same text is already live, but not as this post (another post with the same words?); edit the text, then retry it';
/**
 * How much earlier than a search's start another post's publish may be logged and still be among
 * the posts it reads: the log's time and the platform's creation time come from different clocks.
 */
const OTHERS_MARGIN_MS = 10 * 60_000;
/** How long a takeover waits at least when another attempt holds the post. */
const MIN_LEASE_WAIT_MS = 100;

/** The state a post must be in to be claimed or reconciled by a publish attempt. */
const CLAIMABLE: ReadonlyArray<PostState> = ['scheduled'];
const IN_FLIGHT: ReadonlyArray<PostState> = ['publishing'];
/**
 * Where a post that is live on its platform may stand in the log when its claim was lost
 * underneath (a Redis restart that lost its last writes): anything but `published`, or no record.
 */
const NOT_PUBLISHED: ReadonlyArray<PostState | null> = [...POST_STATES.filter((s) => s !== 'published'), null];

type ParseReply<T> = (reply: unknown) => T | null;

/** What an attempt read with its lease (Publisher.publish). */
interface AttemptReads {
  record: PostRecord | null;
  /** The record's facts, from the same read; parsed only when the attempt asks (post-facts.ts). */
  facts: () => PostFacts | undefined;
  stored: StoredPost | null;
  /** The pause of the channel the post id names (a guess: checked against the record). */
  pause?: { channel: string; pause: ChannelPause | null };
}

interface Attempt {
  postId: string;
  attempt: number;
  record: PostRecord;
  stored: StoredPost;
  adapter: PlatformAdapter;
  /** The attempt's lease on the post (its `published` write releases it). */
  lease: Lease;
  /** When the first attempt claimed the post: reconciliation looks for posts from then on. */
  claimedSince: Date;
  /** An earlier attempt claimed the post and may have reached the platform. */
  everClaimed: boolean;
}

/**
 * Publishes one post exactly once. The publishing log's atomic `scheduled → publishing` transition
 * is the claim (only the claimant calls the platform), a per-post lease tells a live claimant from
 * a dead one, and any attempt after a claim first asks the platform whether the post is already
 * live. Every state change is a log entry.
 */
export class Publisher {
  private readonly now: () => Date;
  private readonly workerId: string;
  private readonly pausedRecheckMs: number;
  private readonly durableClaimTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly leaseMarginMs: number;

  constructor(private readonly options: PublisherOptions) {
    this.now = options.now ?? (() => new Date());
    this.workerId = options.workerId ?? defaultWorkerId();
    this.pausedRecheckMs = options.pausedRecheckMs ?? DEFAULT_PAUSED_RECHECK_MS;
    this.durableClaimTimeoutMs = options.durableClaimTimeoutMs ?? DEFAULT_DURABLE_CLAIM_TIMEOUT_MS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.leaseMarginMs = options.leaseMarginMs ?? DEFAULT_LEASE_MARGIN_MS;
  }

  private get maxAttempts(): number {
    return this.options.config.publishing.attempts;
  }

  /** One attempt (1-based) at publishing `postId`; the caller maps the outcome onto its queue. */
  async publish(postId: string, attempt: number): Promise<PublishOutcome> {
    // Before anything is read: a Redis restart from here on makes this attempt reconcile.
    const restartToken = this.options.restarts?.token();
    // One round trip: the lease (SET NX) and the reads go out together in one pipeline, and Redis
    // runs them in that order, so the reads already see the post under our lease. When the lease
    // is someone else's, what was read is simply dropped. The channel's pause is read for the
    // channel the post id names; publishHeld reads it again if the record names another.
    const { publishingLog: log, store, channels } = this.options;
    const guessedChannel = channelOfPostId(postId);
    let parse: {
      record: ParseReply<PostRecord>;
      stored: (fields: unknown, record: unknown) => StoredPost | null;
      pause?: ParseReply<ChannelPause>;
    };
    const { lease, replies } = await this.options.leases.acquireWith(postId, (pipeline) => {
      parse = {
        record: log.queueGet(pipeline, postId),
        stored: store.queueGet(pipeline, postId),
        pause: guessedChannel === undefined ? undefined : channels.queueGet(pipeline, guessedChannel),
      };
    });
    if (!lease) {
      // Another attempt is working on this post right now (or died less than a lease ago).
      // Calling the platform as well could post twice: come back when its lease has run out (a
      // lease covering a whole platform call can be much longer than the default).
      const remaining = await this.options.leases.remainingMs(postId);
      return {
        kind: 'wait',
        until: this.later(Math.max(MIN_LEASE_WAIT_MS, remaining)),
        reason: 'another attempt holds the post',
      };
    }
    try {
      const answer = (i: number): unknown => {
        const [error, reply] = replies[i]!;
        if (error) throw error;
        return reply;
      };
      const reads: AttemptReads = {
        record: parse!.record(answer(0)),
        // The payload rides in the record (src/log/record-payload.ts): one read serves both.
        stored: parse!.stored(answer(1), answer(0)),
        // So do its facts (whether an earlier attempt claimed it), parsed only when asked for.
        facts: () => log.factsOfReply(answer(0)),
        ...(parse!.pause && guessedChannel
          ? { pause: { channel: guessedChannel, pause: parse!.pause(answer(2)) } }
          : {}),
      };
      return await this.publishHeld(postId, attempt, lease, reads, restartToken);
    } finally {
      // Not awaited: the job's own completion goes out right behind it on the same connection. A
      // release that fails only makes a later attempt wait for the lease to run out.
      void lease.release();
    }
  }

  private async publishHeld(
    postId: string,
    attempt: number,
    lease: Lease,
    reads: AttemptReads,
    restartToken: RestartToken | undefined,
  ): Promise<PublishOutcome> {
    const { publishingLog: log } = this.options;
    const { record, stored: storedPost } = reads;
    if (!record) return { kind: 'done', state: 'unknown', note: 'no such post in the publishing log' };
    if (FINAL_STATES.has(record.state)) return { kind: 'done', state: record.state, note: `already ${record.state}` };
    if (AWAITING_APPROVAL_STATES.includes(record.state)) {
      return { kind: 'done', state: record.state, note: 'waits for approval; `approve` queues it again' };
    }
    const stored = storedPost;
    if (!stored)
      return this.settle(record, record.state === 'publishing' ? 'unconfirmed' : 'failed', {
        attempt,
        errorMessage: 'the post payload is missing from Redis',
      });

    const pause =
      reads.pause?.channel === record.channel ? reads.pause.pause : await this.options.channels.get(record.channel);
    if (pause)
      return {
        kind: 'wait',
        until: this.later(this.pausedRecheckMs),
        reason: `channel ${record.channel} is paused: ${pause.reason}`,
      };
    const channel = this.options.config.channels.find((c) => c.id === record.channel);
    if (channel && !channel.enabled) return this.channelDisabled(record);

    const decision = publishDecision(stored.post, this.now(), this.options.config.planning.graceHours, (ms) =>
      this.channelTime(record.channel, ms),
    );
    if (record.state === 'scheduled' && decision.action === 'wait') {
      return { kind: 'wait', until: new Date(decision.untilMs), reason: 'not due yet' };
    }
    const everClaimed =
      record.state === 'publishing' ||
      stored.claimedAt !== undefined ||
      record.platformPostId !== undefined ||
      (await historyShowsClaim(record, this.options.publishingLog, reads.facts()));
    if (record.state === 'scheduled' && decision.action === 'missed' && !everClaimed) {
      return this.settle(record, 'missed', { attempt, note: decision.reason }, CLAIMABLE);
    }

    let adapter: PlatformAdapter;
    try {
      adapter = this.options.adapterFor(record.channel);
    } catch (error) {
      return this.adapterUnavailable(record, attempt, error);
    }
    const ctx: Attempt = {
      postId,
      attempt,
      record,
      stored,
      adapter,
      lease,
      claimedSince: this.now(),
      everClaimed,
    };
    // The lease must outlive the platform call (see callPlatform): the claim itself extends it to
    // the call's worst case plus the longest the durable claim may take, so that no round trip of
    // its own is needed before the call unless something slow happened in between.
    const callMs = this.worstCaseCallMs(stored);
    const claimOptions: TransitionOptions = {
      // The claim mark is set in the same step as the claim: no gap in which a crash leaves a
      // claimed post without it (the history check covers that gap for older data anyway).
      claimMark: this.now(),
      lease: { token: lease.token, ttlMs: callMs + this.durableClaimTimeoutMs },
    };
    const claimedAt = performance.now();
    // The claim: exactly one attempt moves the post to `publishing`; only it may call the platform.
    // `publishing` with no live lease (the else branch): the previous attempt died or lost its
    // connection after the request may have reached the platform. Record the takeover;
    // reconciliation comes next.
    const claim =
      record.state === 'scheduled'
        ? await log.transition(this.entry(record, 'publishing', { attempt }), CLAIMABLE, claimOptions)
        : await log.transition(
            this.entry(record, 'publishing', { attempt, note: 'taking over an interrupted attempt' }),
            IN_FLIGHT,
            claimOptions,
          );
    // Our lease lapsed before the claim (a stall longer than its life): another attempt may own the
    // post now. Nothing was written; calling the platform could post twice, so this attempt stops
    // and a later one starts over (and reconciles if that other attempt got as far as a claim).
    if (claim.leaseLost) return { kind: 'retry', reason: 'lost the post lease before the claim' };
    if (!claim.ok)
      return {
        kind: 'done',
        state: claim.record?.state ?? 'unknown',
        note: record.state === 'scheduled' ? 'claimed or changed by someone else' : 'changed by someone else',
      };
    lease.extendedTo(claimOptions.lease!.ttlMs);
    ctx.record = claim.record ?? ctx.record;
    if (claim.claimedBefore) {
      // Marked since we read the post: by an earlier attempt, or by the restart check (see below).
      ctx.claimedSince = new Date(claim.claimedBefore);
      ctx.everClaimed = true;
    }
    // The claim must survive a Redis crash before the platform may be called: a lost claim makes
    // the restarted worker see a plain `scheduled` post and publish it again without reconciling.
    const durable = await this.options.durability?.sync(this.durableClaimTimeoutMs);
    if (durable === 'not-durable' || durable === 'unsupported') return this.claimNotDurable(ctx, durable);
    // Redis restarted (or the connection dropped) since this attempt began: what it read may be
    // what a lost tail of writes left behind, so the post is looked for on the platform first.
    const lostSince = restartToken && (await this.options.restarts?.since(restartToken));
    if (lostSince) {
      ctx.everClaimed = true;
      if (lostSince.getTime() < ctx.claimedSince.getTime()) ctx.claimedSince = lostSince;
    }

    if (ctx.everClaimed) {
      const settled = await this.reconcileFirst(ctx);
      if (settled) return settled;
    }
    if (decision.action === 'missed') {
      return this.settle(
        ctx.record,
        'missed',
        { attempt, note: `${decision.reason}; not live on the platform` },
        IN_FLIGHT,
      );
    }
    // The extension made by the claim still covers the call only if no more time than the
    // durable claim's budget went by since (reconciliation, a slow WAITAOF answer): else extend
    // again, with its own round trip.
    const covered = !ctx.everClaimed && performance.now() - claimedAt < this.durableClaimTimeoutMs;
    return this.callPlatform(ctx, lease, covered ? undefined : callMs);
  }

  /**
   * A time in a missed note, read by people: in the channel's local time, not UTC ISO. Only called
   * for a missed post, so the zone is not looked up on every attempt.
   */
  private channelTime(channel: string, ms: number): string {
    const zone = channelZoneById(this.options.config, channel);
    return `${readableTime(new Date(ms), zone)} ${zone}`;
  }

  /** The worst case of this post's platform call (publish-deadline.ts), for the lease. */
  private worstCaseCallMs(stored: StoredPost): number {
    return worstCasePublishMs(stored.post, {
      requestTimeoutMs: this.requestTimeoutMs,
      imageTimeoutMs: this.options.config.ingest.timeoutMs,
      marginMs: this.leaseMarginMs,
    });
  }

  /**
   * Before a second call to the platform: is the post already there? Found → published; not found →
   * carry on; cannot tell → never publish blindly: retry later, and after the last attempt ask a person.
   */
  private async reconcileFirst(ctx: Attempt): Promise<PublishOutcome | null> {
    const thread = ctx.stored.post.rendered.thread;
    if (thread?.length && ctx.stored.postedParts.length >= thread.length)
      return this.markPublished(ctx, ctx.stored.postedParts, 'every thread part was already posted');
    for (;;) {
      const result = await this.search(ctx);
      if (result.kind === 'not-found') return null;
      if (result.kind === 'unsettled') return this.unsettled(ctx, result.reason);
      if (!thread?.length) {
        return this.markPublished(
          ctx,
          [result.found.platformPostId],
          'found live on the platform after an interrupted attempt',
          result.found.url,
        );
      }
      // A thread: the found part is posted; record it and let the publish call send only the rest.
      await this.options.store.addPart(ctx.postId, result.partIndex, result.found.platformPostId);
      ctx.stored = {
        ...ctx.stored,
        postedParts: [...ctx.stored.postedParts.slice(0, result.partIndex), result.found.platformPostId],
      };
      if (ctx.stored.postedParts.length >= thread.length)
        return this.markPublished(ctx, ctx.stored.postedParts, 'every thread part is live', result.found.url);
      // The next part may be live too: a Redis restart can lose the records of several parts.
    }
  }

  private async callPlatform(ctx: Attempt, lease: Lease, extendMs: number | undefined): Promise<PublishOutcome> {
    const { store } = this.options;
    const post = ctx.stored.post;
    // The lease must outlive the call. Renewal alone is not enough: if Redis stops answering for
    // longer than a lease while a slow call (image uploads, a long thread) is in flight, the lease
    // lapses, another attempt takes over, finds nothing live yet and posts again. So before
    // sending, the lease covers the worst case of this very call — every request of it (uploads,
    // one create per thread part) running to the adapters' timeout, plus image loading and a
    // margin (publish-deadline.ts). Then no takeover can start while the call may still land, even
    // with no renewal at all. The claim set it so, checking our token, just before (publishHeld);
    // when more time went by since (reconciliation, a slow durable claim), `extendMs` asks for it
    // again here. Between thread parts the lease is checked again (below); a lost lease stops the
    // thread there. Last look before sending: if our lease lapsed, another attempt may already be
    // reconciling.
    if (extendMs !== undefined && !(await lease.extend(extendMs)))
      return { kind: 'retry', reason: 'lost the post lease before calling the platform' };
    const parts = post.rendered.thread?.length ?? 0;
    const outgoing: OutgoingPost = {
      postId: post.postId,
      text: post.rendered.text,
      thread: post.rendered.thread,
      link: post.rendered.link,
      article: post.rendered.article,
      images: post.rendered.images,
    };
    let result: PublishResult;
    try {
      result = await ctx.adapter.publish(outgoing, {
        postedParts: ctx.stored.postedParts,
        // Each thread part is recorded before the next is sent, so a retry never re-posts it.
        // Then the lease is checked: without it, the next part must not go out (see LeaseLostError).
        onPartPosted: async (index, id) => {
          // A single post needs neither: its id is written with the `published` entry, and until
          // then a retry reconciles by searching the platform (a part record is only read for
          // threads). Two round trips saved on every single post.
          if (parts === 0) return;
          await store.addPart(ctx.postId, index, id);
          // After the last part nothing more is sent: the check only guards the next part.
          if (index < parts - 1 && !(await lease.held())) throw new LeaseLostError(ctx.postId);
        },
      });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Do not record anything: another attempt may own the post now; it reconciles, finds the
        // parts stored so far and resumes after them.
        this.options.logger?.warn({ postId: ctx.postId, channel: ctx.record.channel }, error.message);
        return { kind: 'retry', reason: error.message };
      }
      return this.onPlatformError(ctx, error);
    }
    // The answer is recorded even if the lease was lost meanwhile: the post is live, and saying
    // so is right whoever holds the lease (a takeover that finds it `published` does nothing).
    // From here until the `published` entry is written, a crash leaves the post in `publishing`;
    // the next attempt reconciles and finds it instead of posting again.
    await this.options.afterPlatformAnswer?.(ctx.postId);
    return this.markPublished(
      ctx,
      result.parts ?? [result.platformPostId],
      undefined,
      result.url,
      result.platformPostId,
    );
  }

  private async onPlatformError(ctx: Attempt, error: unknown): Promise<PublishOutcome> {
    const { attempt, record } = ctx;
    const err =
      error instanceof PlatformError
        ? error
        : new PlatformError('unknown-outcome', error instanceof Error ? error.message : String(error));
    const message = scrubSecrets(err.message);
    this.options.metrics?.recordFailure(record.platform, err.kind);
    const patch: EntryPatch = { attempt, errorKind: err.kind, errorMessage: message };
    switch (err.kind) {
      case 'transient': {
        if (attempt >= this.maxAttempts) {
          // A 5xx may come after the post was stored (see below). With no attempt left to reconcile
          // first, ask the platform now: a live post recorded `failed` would be posted again by
          // whoever trusts the log. Cannot tell → a person decides (`unconfirmed`).
          const reconciled = await this.reconcileFirst(ctx);
          if (reconciled) return reconciled;
          const live = await this.liveParts(ctx);
          return this.settle(
            ctx.record,
            'failed',
            {
              ...patch,
              note: `gave up after ${attempt} attempts${live.length ? `; ${this.liveNote(ctx, live, 'failed')}` : ''}`,
            },
            IN_FLIGHT,
          );
        }
        // Back to `scheduled`, but the claim mark stays: the next attempt asks the platform first,
        // since a 5xx may come after the post was stored.
        await this.options.publishingLog.transition(this.entry(ctx.record, 'scheduled', patch), IN_FLIGHT);
        return { kind: 'retry', reason: message };
      }
      case 'rate-limited': {
        const until =
          err.details.retryAt && err.details.retryAt.getTime() > this.now().getTime()
            ? err.details.retryAt
            : this.later(this.options.config.publishing.backoffMs);
        await this.options.publishingLog.transition(
          this.entry(ctx.record, 'scheduled', { ...patch, note: `rate-limited until ${until.toISOString()}` }),
          IN_FLIGHT,
        );
        return { kind: 'rate-limited', until, reason: message };
      }
      case 'auth': {
        const { pause } = await this.options.channels.pause(
          record.channel,
          `credentials refused by ${record.platform}: ${message}`,
          this.workerId,
          this.now(),
        );
        await this.options.publishingLog.transition(
          this.entry(ctx.record, 'scheduled', { ...patch, note: PAUSED_NOTE }),
          IN_FLIGHT,
        );
        await this.alert({
          kind: 'channel-paused',
          message: `Channel ${record.channel} paused: ${pause.reason}. Its posts wait; renew the credentials, then run \`secon-bot resume ${record.channel}\`.`,
          channel: record.channel,
          postId: ctx.postId,
        });
        return { kind: 'wait', until: this.later(this.pausedRecheckMs), reason: pause.reason };
      }
      case 'duplicate':
        return ctx.stored.post.rendered.thread?.length ? this.threadDuplicate(ctx, patch) : this.duplicate(ctx, patch);
      case 'rejected': {
        // A thread rejected at a later part: the earlier parts are live; say which (never re-sent).
        const live = await this.liveParts(ctx);
        return this.settle(
          ctx.record,
          'failed',
          { ...patch, ...(live.length ? { note: this.liveNote(ctx, live, 'rejected') } : {}) },
          IN_FLIGHT,
        );
      }
      case 'unknown-outcome':
        // The request may have landed. Stay `publishing`: the next attempt reconciles before anything.
        return this.unsettled(ctx, message);
    }
  }

  /** Asks the platform whether this post (or its next thread part) is live, never taking another post's for it. */
  private async search(ctx: Attempt): Promise<Reconciliation> {
    const found = await this.options.reconciler.reconcile(
      ctx.adapter,
      ctx.stored,
      ctx.claimedSince,
      await this.othersLive(ctx),
    );
    if (found.kind !== 'found') return found;
    // The skip set was read before the search; another post with these words may have gone out
    // meanwhile, its success not in the log then. Taken as ours, both would record one live post.
    // So the log is read again, the posts under way first: a post that posted what was found is
    // `publishing`, `scheduled` again after an attempt whose answer said nothing (a 5xx), or
    // `unconfirmed` (its answer never came); else `published`. It leaves the first three only for
    // `published` (a refusal means it posted nothing), so one of the two reads sees it.
    const twin = await this.sameWordsUnderWay(ctx);
    if (twin)
      // Asked again on the next attempt, once its outcome is logged.
      return {
        kind: 'unsettled',
        reason: `${twin} has the same words and is being published on ${ctx.record.channel}; the post found may be its`,
      };
    // Theirs after all: not found. After a claim of ours that leads to a person (unconfirmed), never a repost.
    if ((await this.othersLive(ctx)).has(found.found.platformPostId)) return { kind: 'not-found' };
    return found;
  }

  /**
   * Another post of the channel with this post's words whose attempt may have put it live with its
   * outcome not logged: `publishing`, `unconfirmed`, or `scheduled` after an attempt. Read only when
   * a search found a post.
   */
  private async sameWordsUnderWay(ctx: Attempt): Promise<string | undefined> {
    const underWay = await this.options.publishingLog.query({
      channel: [ctx.record.channel],
      state: ['publishing', 'unconfirmed', 'scheduled'],
    });
    return underWay.find(
      (other) =>
        other.postId !== ctx.postId &&
        other.textHash === ctx.record.textHash &&
        (other.state !== 'scheduled' || other.attempt > 0),
    )?.postId;
  }

  /**
   * The platform ids the log records for this channel's other posts published since a search for
   * this one starts (with a margin for clocks), thread parts included: two posts of one text are two
   * posts, and a search for the second must not find the first and record it as the second's (which
   * would say it went out when the platform refused it as a duplicate). Read only when a search runs.
   */
  private async othersLive(ctx: Attempt): Promise<Set<string>> {
    const from = this.options.reconciler.searchFrom(ctx.claimedSince);
    const others = await this.options.publishingLog.query({
      channel: [ctx.record.channel],
      state: ['published'],
      since: new Date(from.getTime() - OTHERS_MARGIN_MS).toISOString(),
    });
    const theirs = others.filter((other) => other.postId !== ctx.postId);
    const stored = await Promise.all(theirs.map((other) => this.options.store.get(other.postId)));
    const ids = new Set<string>();
    for (const [i, other] of theirs.entries()) {
      if (other.platformPostId) ids.add(other.platformPostId);
      for (const part of stored[i]?.postedParts ?? []) ids.add(part);
    }
    return ids;
  }

  /** A duplicate answer to a single post: ours (reconciled as published), or not. */
  private async duplicate(ctx: Attempt, patch: EntryPatch): Promise<PublishOutcome> {
    // The platform already has this text: ours from an earlier attempt, or someone else's post.
    const found = await this.search(ctx);
    if (found.kind === 'found')
      return this.markPublished(
        ctx,
        [found.found.platformPostId],
        'the platform reported a duplicate; the live post is ours',
        found.found.url,
      );
    if (found.kind === 'unsettled') return this.unsettled(ctx, found.reason);
    if (ctx.everClaimed) {
      // An earlier attempt of ours may be that duplicate even though find cannot see it (e.g. it
      // is older than the platform's recent-posts page): a person decides, never a repost.
      return this.settle(
        ctx.record,
        'unconfirmed',
        {
          ...patch,
          note: 'the platform reported a duplicate; an earlier attempt may have landed but it was not found among recent posts',
        },
        IN_FLIGHT,
      );
    }
    return this.settle(ctx.record, 'failed', { ...patch, note: DUPLICATE_NOT_OURS_NOTE }, IN_FLIGHT);
  }

  /**
   * A duplicate answer to part k of a thread. The parts before k were recorded during this call
   * (onPartPosted), so the stored parts are read again: the attempt's copy is stale. The duplicate
   * part is looked for; if it is ours it is recorded and the thread goes on (published only once
   * every part is recorded live). If it is not found, a person decides — with the live parts
   * named, and none of them ever sent again.
   */
  private async threadDuplicate(ctx: Attempt, patch: EntryPatch): Promise<PublishOutcome> {
    const thread = ctx.stored.post.rendered.thread!;
    const live = await this.liveParts(ctx);
    const found = await this.search(ctx);
    if (found.kind === 'unsettled') return this.unsettled(ctx, found.reason);
    if (found.kind === 'found') {
      await this.options.store.addPart(ctx.postId, found.partIndex, found.found.platformPostId);
      const parts = [...live.slice(0, found.partIndex), found.found.platformPostId];
      ctx.stored = { ...ctx.stored, postedParts: parts };
      if (parts.length >= thread.length)
        return this.markPublished(
          ctx,
          parts,
          'the platform reported a duplicate of the last thread part; every part is live and ours',
        );
      // Back to `scheduled` with the claim mark: the next attempt resumes after the recorded parts.
      await this.options.publishingLog.transition(
        this.entry(ctx.record, 'scheduled', {
          ...patch,
          note: `thread part ${found.partIndex + 1} of ${thread.length} was already live (ours); the rest follows`,
        }),
        IN_FLIGHT,
      );
      return { kind: 'retry', reason: `thread part ${found.partIndex + 1} already live` };
    }
    if (!live.length && !ctx.everClaimed)
      return this.settle(ctx.record, 'failed', { ...patch, note: DUPLICATE_NOT_OURS_NOTE }, IN_FLIGHT);
    return this.settle(ctx.record, 'unconfirmed', { ...patch, note: this.liveNote(ctx, live, 'duplicate') }, IN_FLIGHT);
  }

  /** The thread parts recorded live so far, read again from the store (parts land during a call). */
  private async liveParts(ctx: Attempt): Promise<string[]> {
    if (!ctx.stored.post.rendered.thread?.length) return [];
    const fresh = await this.options.store.get(ctx.postId);
    if (fresh) ctx.stored = fresh;
    return ctx.stored.postedParts;
  }

  /** "parts 1–2 of 4 are live (ids …); part 3 was refused as a duplicate …". */
  private liveNote(ctx: Attempt, live: string[], why: 'duplicate' | 'rejected' | 'failed'): string {
    const total = ctx.stored.post.rendered.thread?.length ?? 1;
    const refused =
      why === 'duplicate'
        ? 'reported as a duplicate and not found among our recent posts'
        : why === 'rejected'
          ? 'rejected'
          : 'not sent';
    const head = live.length
      ? `thread parts 1–${live.length} of ${total} are live (ids ${live.join(', ')})`
      : `no part of the ${total}-part thread is known to be live`;
    return `${head}; part ${live.length + 1} was ${refused}. Nothing more is sent and the live parts are never sent again: check the platform, then \`secon-bot retry ${ctx.postId}\` (resumes after the live parts) or delete them by hand`;
  }

  /** A post whose channel is switched off waits, with a note on the post (written once). */
  private async channelDisabled(record: PostRecord): Promise<PublishOutcome> {
    if (record.note !== CHANNEL_DISABLED_NOTE) {
      await this.options.publishingLog.transition(this.entry(record, record.state, { note: CHANNEL_DISABLED_NOTE }), [
        record.state,
      ]);
      this.options.logger?.warn({ postId: record.postId, channel: record.channel }, CHANNEL_DISABLED_NOTE);
    }
    return { kind: 'wait', until: this.later(this.pausedRecheckMs), reason: `channel ${record.channel} is disabled` };
  }

  /**
   * The channel's adapter cannot be built (a credential variable unset, the channel gone from the
   * configuration): like refused credentials, the channel is paused with the reason and a person
   * is alerted; the post keeps its state and waits for `resume`. Before this, the error left the
   * post `scheduled` with no trace until it was marked missed hours later.
   */
  private async adapterUnavailable(record: PostRecord, attempt: number, error: unknown): Promise<PublishOutcome> {
    const message = scrubSecrets(error instanceof Error ? error.message : String(error));
    const { pause } = await this.options.channels.pause(
      record.channel,
      `cannot publish: ${message}`,
      this.workerId,
      this.now(),
    );
    await this.options.publishingLog.transition(
      this.entry(record, record.state, {
        attempt,
        errorMessage: message,
        note: PAUSED_NOTE,
      }),
      [record.state],
    );
    this.options.logger?.error(
      { postId: record.postId, channel: record.channel, reason: message },
      'channel paused: its adapter cannot be built',
    );
    await this.alert({
      kind: 'channel-paused',
      message: `Channel ${record.channel} paused: ${pause.reason}. Its posts wait; fix the configuration or environment, then run \`secon-bot resume ${record.channel}\`.`,
      channel: record.channel,
      postId: record.postId,
    });
    return { kind: 'wait', until: this.later(this.pausedRecheckMs), reason: pause.reason };
  }

  /**
   * The claim is not on disk: do not call the platform. Back to `scheduled` (the claim mark stays,
   * so the next attempt reconciles first). Not confirmed in time → retried like a 5xx. A server
   * that cannot confirm at all (swapped under a running worker: the worker refuses to start on
   * one) → the post waits, like on a paused channel, without using up its attempts.
   */
  private async claimNotDurable(ctx: Attempt, why: 'not-durable' | 'unsupported'): Promise<PublishOutcome> {
    if (why === 'unsupported') {
      const message =
        'Redis cannot confirm that the claim is on disk (WAITAOF needs Redis 7.2+ or Valkey with appendonly yes); the platform was not called. Move to such a Redis, or restart the worker with --allow-undurable-claims to accept the risk of a second post after a Redis crash';
      await this.options.publishingLog.transition(
        this.entry(ctx.record, 'scheduled', { attempt: ctx.attempt, note: message }),
        IN_FLIGHT,
      );
      this.options.logger?.error({ postId: ctx.postId, channel: ctx.record.channel }, message);
      return { kind: 'wait', until: this.later(this.pausedRecheckMs), reason: message };
    }
    const message = `Redis did not confirm the claim in its append-only file within ${this.durableClaimTimeoutMs} ms (WAITAOF); the platform was not called`;
    const patch: EntryPatch = { attempt: ctx.attempt, errorKind: 'transient', errorMessage: message };
    if (ctx.attempt >= this.maxAttempts)
      return this.settle(ctx.record, 'failed', { ...patch, note: `gave up after ${ctx.attempt} attempts` }, IN_FLIGHT);
    await this.options.publishingLog.transition(this.entry(ctx.record, 'scheduled', patch), IN_FLIGHT);
    return { kind: 'retry', reason: message };
  }

  /** The outcome is not known: retry (the next attempt reconciles first); after the last, a person decides. */
  private async unsettled(ctx: Attempt, reason: string): Promise<PublishOutcome> {
    if (ctx.attempt >= this.maxAttempts) {
      return this.settle(
        ctx.record,
        'unconfirmed',
        {
          attempt: ctx.attempt,
          errorKind: 'unknown-outcome',
          errorMessage: reason,
          note: 'outcome unknown after the last attempt; check the platform, then `retry` or `cancel`',
        },
        IN_FLIGHT,
      );
    }
    await this.options.publishingLog.transition(
      this.entry(ctx.record, 'publishing', {
        attempt: ctx.attempt,
        errorKind: 'unknown-outcome',
        errorMessage: reason,
        note: 'outcome unknown; the next attempt asks the platform first',
      }),
      IN_FLIGHT,
    );
    return { kind: 'retry', reason };
  }

  private async markPublished(
    ctx: Attempt,
    parts: string[],
    note?: string,
    url?: string,
    platformPostId = parts[0],
  ): Promise<PublishOutcome> {
    const thread = ctx.stored.post.rendered.thread;
    if (thread?.length && parts.length < thread.length) {
      // Never `published` with part of a thread: a person must see what is live and what is not.
      return this.settle(
        ctx.record,
        'unconfirmed',
        {
          attempt: ctx.attempt,
          note: `only ${parts.length} of ${thread.length} thread parts are recorded live (ids ${parts.join(', ')}); check the platform, then \`secon-bot retry ${ctx.postId}\``,
        },
        IN_FLIGHT,
      );
    }
    const entry = this.entry(ctx.record, 'published', {
      attempt: ctx.attempt,
      platformPostId,
      url,
      ...(note ? { note } : {}),
    });
    // The lease goes with this write (one round trip less): `published` is final, so no attempt
    // that takes the post from here on can do anything with it. Not written: it stays, and the
    // attempt's own release (Publisher.publish) deletes it.
    const result = await this.options.publishingLog.transition(entry, IN_FLIGHT, { releaseLease: ctx.lease.token });
    if (!result.ok) return this.claimLost(ctx, entry, result.record, thread?.length ? parts : []);
    ctx.lease.releasedByWrite();
    this.published(ctx, entry);
    return { kind: 'done', state: 'published', note: note ?? 'published' };
  }

  /**
   * The platform has the post, but the log no longer shows it `publishing`: Redis lost the claim
   * (a restart that dropped its last writes, or the record is gone altogether), or another attempt
   * recorded the post meanwhile. A lost claim is never acted on by publishing again: the live post
   * is recorded at once, from whatever state the log shows, so that the job still pending for it
   * and every later attempt find it `published`; and a person is told.
   */
  private async claimLost(
    ctx: Attempt,
    entry: LogEntry,
    current: PostRecord | null,
    parts: string[],
  ): Promise<PublishOutcome> {
    const { postId, record } = ctx;
    if (current?.state === 'published') {
      if (current.platformPostId === entry.platformPostId)
        return { kind: 'done', state: 'published', note: 'already recorded as published' };
      const message = `Post ${postId} on ${record.channel} is live twice on ${record.platform}: ${current.platformPostId} (recorded first) and ${entry.platformPostId}${entry.url ? ` (${entry.url})` : ''}. Delete one of them by hand.`;
      await this.options.publishingLog.transition(this.entry(current, 'published', { note: message }), ['published']);
      this.options.logger?.error({ postId, channel: record.channel, platformPostId: entry.platformPostId }, message);
      await this.alert({ kind: 'duplicate-live', message, postId, channel: record.channel });
      return { kind: 'done', state: 'published', note: message };
    }
    const what = current ? `the log showed it \`${current.state}\`` : 'its log record was gone';
    const note = `published as ${entry.platformPostId}, but Redis no longer held the claim (${what}; a Redis restart that lost its last writes?); recorded as published at once so it is never sent again`;
    // What else the lost writes may have taken: the thread's parts and the claim mark.
    for (const [index, id] of parts.entries()) await this.options.store.addPart(postId, index, id);
    await this.options.store.markClaimed(postId, ctx.claimedSince);
    const written = await this.options.publishingLog.transition(
      { ...entry, note: entry.note ? `${entry.note}; ${note}` : note },
      NOT_PUBLISHED,
      // A record written again from scratch gets the payload back too (it rode in the lost record).
      current ? {} : { payload: ctx.stored.post },
    );
    // Not written: it became `published` meanwhile (the branch above).
    if (!written.ok) return this.claimLost(ctx, entry, written.record, parts);
    this.published(ctx, entry);
    this.options.logger?.error({ postId, channel: record.channel, state: current?.state ?? null }, note);
    await this.alert({
      kind: 'claim-lost',
      message: `Post ${postId} on ${record.channel} was ${note}. Check that it is live only once${entry.url ? `: ${entry.url}` : ''}.`,
      postId,
      channel: record.channel,
    });
    return { kind: 'done', state: 'published', note };
  }

  /** Counts and logs a post recorded as published. */
  private published(ctx: Attempt, entry: LogEntry): void {
    const plannedAt = ctx.stored.post.plannedAt;
    this.options.metrics?.recordPublish(ctx.record.platform, (this.now().getTime() - Date.parse(plannedAt)) / 1000);
    this.options.logger?.info(
      {
        postId: ctx.postId,
        channel: ctx.record.channel,
        platform: ctx.record.platform,
        attempt: ctx.attempt,
        platformPostId: entry.platformPostId,
        url: entry.url,
        plannedAt,
        latencyMs: Date.now() - Date.parse(plannedAt),
      },
      'published',
    );
  }

  /** Moves the post to a final state (or back), alerting a person where one must act. */
  private async settle(
    record: PostRecord,
    state: PostState,
    patch: EntryPatch,
    from: ReadonlyArray<PostState> = [record.state],
  ): Promise<PublishOutcome> {
    const result = await this.options.publishingLog.transition(this.entry(record, state, patch), from);
    if (!result.ok) return { kind: 'done', state: result.record?.state ?? 'unknown', note: 'changed by someone else' };
    const reason = patch.errorMessage ?? patch.note ?? state;
    this.options.logger?.[state === 'failed' || state === 'unconfirmed' ? 'error' : 'warn'](
      {
        postId: record.postId,
        channel: record.channel,
        platform: record.platform,
        state,
        errorKind: patch.errorKind,
        reason,
      },
      `post ${state}`,
    );
    if (state === 'failed' || state === 'missed' || state === 'unconfirmed') {
      if (state !== 'failed') this.options.metrics?.recordFailure(record.platform, state);
      await this.alert({
        kind: `post-${state}`,
        message: `Post ${record.postId} on ${record.channel} is ${state}: ${reason}`,
        postId: record.postId,
        channel: record.channel,
      });
    }
    return { kind: 'done', state, note: reason };
  }

  private entry(record: PostRecord, state: PostState, patch: EntryPatch) {
    return nextEntry(record, state, this.now(), { actor: this.workerId, ...patch });
  }

  private later(ms: number): Date {
    return new Date(this.now().getTime() + ms);
  }

  private async alert(alert: Omit<Alert, 'at'>): Promise<void> {
    try {
      await this.options.alerts.send({ ...alert, at: this.now().toISOString() });
    } catch (error) {
      this.options.logger?.error({ err: error, alert: alert.kind }, 'could not send an alert');
    }
  }
}
