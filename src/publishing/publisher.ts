import type { Config, Platform } from '../config/config-schema.ts';
import { scrubSecrets } from '../config/secret-registry.ts';
import type { PostRecord, PublishingLog } from '../log/publishing-log.ts';
import type { Logger } from '../logger.ts';
import { publishDecision } from '../planning/publish-window.ts';
import type { OutgoingPost, PlatformAdapter } from '../platforms/platform-adapter.ts';
import { PlatformError } from '../platforms/platform-error.ts';
import { FINAL_STATES, type PostState } from '../posts/post.ts';
import type { AlertPort, PublishingAlert } from './alert-port.ts';
import type { ChannelState } from './channel-state.ts';
import type { ClaimLeases, Lease } from './claim-lease.ts';
import { nextEntry, type EntryPatch } from './log-entries.ts';
import type { PostStore, StoredPost } from './post-store.ts';
import type { PublishOutcome } from './publish-outcome.ts';
import type { Reconciler } from './reconciler.ts';

/** Options of {@link Publisher}. */
export interface PublisherOptions {
  config: Config;
  log: PublishingLog;
  store: PostStore;
  channels: ChannelState;
  leases: ClaimLeases;
  reconciler: Reconciler;
  /** The adapter of a channel id; throws when the channel has none. */
  adapterFor: (channel: string) => PlatformAdapter;
  alerts: AlertPort;
  logger?: Logger;
  /** Written as `actor` on every log entry. Default "worker:<pid>". */
  workerId?: string;
  /** Publish and failure counters (the worker's /metrics). Default: none. */
  metrics?: PublishMetrics;
  /** How long a paused channel's job waits before it looks again. Default 60 s. */
  pausedRecheckMs?: number;
  /** Clock. Default: the real one. */
  now?: () => Date;
  /**
   * Test hook (crash test): called right after the platform answered success and before the
   * answer is recorded — the window in which a dead worker leaves an unknown outcome behind.
   */
  afterPlatformAnswer?: (postId: string) => void;
}

/** What the publisher counts (MetricsRegistry fits). */
export interface PublishMetrics {
  recordPublish(platform: Platform, latenessSeconds: number): void;
  recordFailure(platform: Platform, reason: string): void;
}

export const DEFAULT_PAUSED_RECHECK_MS = 60_000;

/** The state a post must be in to be claimed or reconciled by a publish attempt. */
const CLAIMABLE: ReadonlyArray<PostState> = ['scheduled'];
const IN_FLIGHT: ReadonlyArray<PostState> = ['publishing'];

interface Attempt {
  postId: string;
  attempt: number;
  record: PostRecord;
  stored: StoredPost;
  adapter: PlatformAdapter;
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

  constructor(private readonly options: PublisherOptions) {
    this.now = options.now ?? (() => new Date());
    this.workerId = options.workerId ?? `worker:${process.pid}`;
    this.pausedRecheckMs = options.pausedRecheckMs ?? DEFAULT_PAUSED_RECHECK_MS;
  }

  private get maxAttempts(): number {
    return this.options.config.publishing.attempts;
  }

  /** One attempt (1-based) at publishing `postId`; the caller maps the outcome onto its queue. */
  async publish(postId: string, attempt: number): Promise<PublishOutcome> {
    const lease = await this.options.leases.acquire(postId);
    if (!lease) {
      // Another attempt is working on this post right now (or died less than a lease ago).
      // Calling the platform as well could post twice: come back when its lease has run out.
      return { kind: 'wait', until: this.later(this.options.leases.ttlMs), reason: 'another attempt holds the post' };
    }
    try {
      return await this.publishHeld(postId, attempt, lease);
    } finally {
      await lease.release();
    }
  }

  private async publishHeld(postId: string, attempt: number, lease: Lease): Promise<PublishOutcome> {
    const { log, store } = this.options;
    const record = await log.get(postId);
    if (!record) return { kind: 'done', state: 'unknown', note: 'no such post in the publishing log' };
    if (FINAL_STATES.has(record.state)) return { kind: 'done', state: record.state, note: `already ${record.state}` };
    if (record.state === 'draft' || record.state === 'awaiting-approval') {
      return { kind: 'done', state: record.state, note: 'waits for approval; `approve` queues it again' };
    }
    const stored = await store.get(postId);
    if (!stored) return this.settle(record, record.state === 'publishing' ? 'unconfirmed' : 'failed', { attempt, errorMessage: 'the post payload is missing from Redis' });

    const pause = await this.options.channels.get(record.channel);
    if (pause) return { kind: 'wait', until: this.later(this.pausedRecheckMs), reason: `channel ${record.channel} is paused: ${pause.reason}` };

    const decision = publishDecision(stored.post, this.now(), this.options.config.planning.graceHours);
    const everClaimed = record.state === 'publishing' || stored.claimedAt !== undefined;
    if (record.state === 'scheduled' && decision.action === 'wait') {
      return { kind: 'wait', until: new Date(decision.untilMs), reason: 'not due yet' };
    }
    if (record.state === 'scheduled' && decision.action === 'missed' && !everClaimed) {
      return this.settle(record, 'missed', { attempt, note: decision.reason }, CLAIMABLE);
    }

    const ctx: Attempt = { postId, attempt, record, stored, adapter: this.options.adapterFor(record.channel), claimedSince: this.now(), everClaimed };
    if (record.state === 'scheduled') {
      // The claim: exactly one attempt moves the post to `publishing`; only it may call the platform.
      const claim = await log.transition(this.entry(record, 'publishing', { attempt }), CLAIMABLE);
      if (!claim.ok) return { kind: 'done', state: claim.record?.state ?? 'unknown', note: 'claimed or changed by someone else' };
      ctx.record = claim.record ?? ctx.record;
    } else {
      // `publishing` with no live lease: the previous attempt died or lost its connection after the
      // request may have reached the platform. Record the takeover; reconciliation comes next.
      const takeover = await log.transition(this.entry(record, 'publishing', { attempt, note: 'taking over an interrupted attempt' }), IN_FLIGHT);
      if (!takeover.ok) return { kind: 'done', state: takeover.record?.state ?? 'unknown', note: 'changed by someone else' };
      ctx.record = takeover.record ?? ctx.record;
    }
    const firstClaim = await store.markClaimed(postId, this.now());
    if (firstClaim) ctx.claimedSince = new Date(firstClaim);

    if (everClaimed) {
      const settled = await this.reconcileFirst(ctx);
      if (settled) return settled;
    }
    if (decision.action === 'missed') {
      return this.settle(ctx.record, 'missed', { attempt, note: `${decision.reason}; not live on the platform` }, IN_FLIGHT);
    }
    return this.callPlatform(ctx, lease);
  }

  /**
   * Before a second call to the platform: is the post already there? Found → published; not found →
   * carry on; cannot tell → never publish blindly: retry later, and after the last attempt ask a person.
   */
  private async reconcileFirst(ctx: Attempt): Promise<PublishOutcome | null> {
    const thread = ctx.stored.post.rendered.thread;
    if (thread?.length && ctx.stored.postedParts.length >= thread.length) return this.markPublished(ctx, ctx.stored.postedParts, 'every thread part was already posted');
    const result = await this.options.reconciler.reconcile(ctx.adapter, ctx.stored, ctx.claimedSince);
    if (result.kind === 'not-found') return null;
    if (result.kind === 'unsettled') return this.unsettled(ctx, result.reason);
    if (!thread?.length) {
      return this.markPublished(ctx, [result.found.platformPostId], 'found live on the platform after an interrupted attempt', result.found.url);
    }
    // A thread: the found part is posted; record it and let the publish call send only the rest.
    await this.options.store.addPart(ctx.postId, result.partIndex, result.found.platformPostId);
    ctx.stored = { ...ctx.stored, postedParts: [...ctx.stored.postedParts.slice(0, result.partIndex), result.found.platformPostId] };
    if (ctx.stored.postedParts.length >= thread.length) return this.markPublished(ctx, ctx.stored.postedParts, 'every thread part is live', result.found.url);
    return null;
  }

  private async callPlatform(ctx: Attempt, lease: Lease): Promise<PublishOutcome> {
    const { store } = this.options;
    // Last look before sending: if our lease lapsed, another attempt may already be reconciling.
    if (!(await lease.held())) return { kind: 'retry', reason: 'lost the post lease before calling the platform' };
    const post = ctx.stored.post;
    const outgoing: OutgoingPost = {
      postId: post.postId, text: post.rendered.text, thread: post.rendered.thread, link: post.rendered.link,
      article: post.rendered.article, images: post.rendered.images,
    };
    let result;
    try {
      result = await ctx.adapter.publish(outgoing, {
        postedParts: ctx.stored.postedParts,
        // Each thread part is recorded before the next is sent, so a retry never re-posts it.
        onPartPosted: (index, id) => store.addPart(ctx.postId, index, id),
      });
    } catch (error) {
      return this.onPlatformError(ctx, error);
    }
    // From here until the `published` entry is written, a crash leaves the post in `publishing`;
    // the next attempt reconciles and finds it instead of posting again.
    this.options.afterPlatformAnswer?.(ctx.postId);
    return this.markPublished(ctx, result.parts ?? [result.platformPostId], undefined, result.url, result.platformPostId);
  }

  private async onPlatformError(ctx: Attempt, error: unknown): Promise<PublishOutcome> {
    const { attempt, record } = ctx;
    const err = error instanceof PlatformError ? error : new PlatformError('unknown-outcome', error instanceof Error ? error.message : String(error));
    const message = scrubSecrets(err.message);
    this.options.metrics?.recordFailure(record.platform, err.kind);
    const patch: EntryPatch = { attempt, errorKind: err.kind, errorMessage: message };
    switch (err.kind) {
      case 'transient': {
        if (attempt >= this.maxAttempts) return this.settle(ctx.record, 'failed', { ...patch, note: `gave up after ${attempt} attempts` }, IN_FLIGHT);
        // Back to `scheduled`, but the claim mark stays: the next attempt asks the platform first,
        // since a 5xx may come after the post was stored.
        await this.options.log.transition(this.entry(ctx.record, 'scheduled', patch), IN_FLIGHT);
        return { kind: 'retry', reason: message };
      }
      case 'rate-limited': {
        const until = err.details.retryAt && err.details.retryAt.getTime() > this.now().getTime() ? err.details.retryAt : this.later(this.options.config.publishing.backoffMs);
        await this.options.log.transition(this.entry(ctx.record, 'scheduled', { ...patch, note: `rate-limited until ${until.toISOString()}` }), IN_FLIGHT);
        return { kind: 'rate-limited', until, reason: message };
      }
      case 'auth': {
        const pause = await this.options.channels.pause(record.channel, `credentials refused by ${record.platform}: ${message}`, this.workerId, this.now());
        await this.options.log.transition(this.entry(ctx.record, 'scheduled', { ...patch, note: 'channel paused; the post waits for `resume`' }), IN_FLIGHT);
        await this.alert({ kind: 'channel-paused', message: `Channel ${record.channel} paused: ${pause.reason}. Its posts wait; renew the credentials, then run \`secon-bot resume ${record.channel}\`.`, channel: record.channel, postId: ctx.postId });
        return { kind: 'wait', until: this.later(this.pausedRecheckMs), reason: pause.reason };
      }
      case 'duplicate': {
        // The platform already has this text: ours from an earlier attempt, or someone else's post.
        const found = await this.options.reconciler.reconcile(ctx.adapter, ctx.stored, ctx.claimedSince);
        if (found.kind === 'found') return this.markPublished(ctx, [found.found.platformPostId], 'the platform reported a duplicate; the live post is ours', found.found.url);
        if (found.kind === 'unsettled') return this.unsettled(ctx, found.reason);
        if (ctx.everClaimed) {
          // An earlier attempt of ours may be that duplicate even though find cannot see it (e.g. it
          // is older than the platform's recent-posts page): a person decides, never a repost.
          return this.settle(ctx.record, 'unconfirmed', { ...patch, note: 'the platform reported a duplicate; an earlier attempt may have landed but it was not found among recent posts' }, IN_FLIGHT);
        }
        return this.settle(ctx.record, 'failed', { ...patch, note: 'the platform reported a duplicate that is not ours' }, IN_FLIGHT);
      }
      case 'rejected':
        return this.settle(ctx.record, 'failed', patch, IN_FLIGHT);
      case 'unknown-outcome':
        // The request may have landed. Stay `publishing`: the next attempt reconciles before anything.
        return this.unsettled(ctx, message);
    }
  }

  /** The outcome is not known: retry (the next attempt reconciles first); after the last, a person decides. */
  private async unsettled(ctx: Attempt, reason: string): Promise<PublishOutcome> {
    if (ctx.attempt >= this.maxAttempts) {
      return this.settle(ctx.record, 'unconfirmed', { attempt: ctx.attempt, errorKind: 'unknown-outcome', errorMessage: reason, note: 'outcome unknown after the last attempt; check the platform, then `retry` or `cancel`' }, IN_FLIGHT);
    }
    await this.options.log.transition(this.entry(ctx.record, 'publishing', { attempt: ctx.attempt, errorKind: 'unknown-outcome', errorMessage: reason, note: 'outcome unknown; the next attempt asks the platform first' }), IN_FLIGHT);
    return { kind: 'retry', reason };
  }

  private async markPublished(ctx: Attempt, parts: string[], note?: string, url?: string, platformPostId = parts[0]): Promise<PublishOutcome> {
    const entry = this.entry(ctx.record, 'published', { attempt: ctx.attempt, platformPostId, url, ...(note ? { note } : {}) });
    const result = await this.options.log.transition(entry, IN_FLIGHT);
    if (result.ok) this.options.metrics?.recordPublish(ctx.record.platform, (this.now().getTime() - Date.parse(ctx.stored.post.plannedAt)) / 1000);
    if (result.ok) this.options.logger?.info({ postId: ctx.postId, channel: ctx.record.channel, platform: ctx.record.platform, attempt: ctx.attempt, platformPostId, url, plannedAt: ctx.stored.post.plannedAt, latencyMs: Date.now() - Date.parse(ctx.stored.post.plannedAt) }, 'published');
    else this.options.logger?.warn({ postId: ctx.postId, state: result.record?.state }, 'published on the platform, but the post had left `publishing` meanwhile');
    return { kind: 'done', state: 'published', note: note ?? 'published' };
  }

  /** Moves the post to a final state (or back), alerting a person where one must act. */
  private async settle(record: PostRecord, state: PostState, patch: EntryPatch, from: ReadonlyArray<PostState> = [record.state]): Promise<PublishOutcome> {
    const result = await this.options.log.transition(this.entry(record, state, patch), from);
    if (!result.ok) return { kind: 'done', state: result.record?.state ?? 'unknown', note: 'changed by someone else' };
    const reason = patch.errorMessage ?? patch.note ?? state;
    this.options.logger?.[state === 'failed' || state === 'unconfirmed' ? 'error' : 'warn']({ postId: record.postId, channel: record.channel, platform: record.platform, state, errorKind: patch.errorKind, reason }, `post ${state}`);
    if (state === 'failed' || state === 'missed' || state === 'unconfirmed') {
      if (state !== 'failed') this.options.metrics?.recordFailure(record.platform, state);
      await this.alert({ kind: `post-${state}`, message: `Post ${record.postId} on ${record.channel} is ${state}: ${reason}`, postId: record.postId, channel: record.channel });
    }
    return { kind: 'done', state, note: reason };
  }

  private entry(record: PostRecord, state: PostState, patch: EntryPatch) {
    return nextEntry(record, state, this.now(), { actor: this.workerId, ...patch });
  }

  private later(ms: number): Date {
    return new Date(this.now().getTime() + ms);
  }

  private async alert(alert: Omit<PublishingAlert, 'at'>): Promise<void> {
    try {
      await this.options.alerts.send({ ...alert, at: this.now().toISOString() });
    } catch (error) {
      this.options.logger?.error({ err: error, alert: alert.kind }, 'could not send an alert');
    }
  }
}
