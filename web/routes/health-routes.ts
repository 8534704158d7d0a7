import type { FastifyInstance } from 'fastify';
import { PLATFORMS } from '../../src/config/config-schema.ts';
import { counted } from '../../src/counted.ts';
import { InputError } from '../../src/input-error.ts';
import { FeedHealth } from '../../src/news/feed-health.ts';
import { versionsInUse } from '../../src/platforms/api-versions.ts';
import type { PostState } from '../../src/posts/post.ts';
import { describeWorkerRoll } from '../../src/publishing/worker-roll-text.ts';
import {
  describeServer,
  describeSettings,
  readRedisServerInfo,
  undurableReason,
  unfsyncedClaimWarning,
} from '../../src/redis/redis-server-info.ts';
import { actorOf, type Desk, pageContext, redirectWithFlash, sendPage } from '../desk.ts';
import { localDateTime } from '../views/format.ts';
import { type CredentialChecks, HEALTH_EVENTS_SHOWN, healthPage, QUEUE_STATES } from '../views/health-view.ts';

/** GET /health; POST /health/check (credentials), /channels/:id/pause and /resume. */
export function registerHealthRoutes(server: FastifyInstance, desk: Desk): void {
  const { app, config } = desk;
  const checksKey = app.keys.webCredentialChecks;
  // Read only: the worker's polls write it (its alert thresholds do not matter here).
  const feedHealth = new FeedHealth(app.redis, (id) => app.keys.feed(id).health);

  /** Each channel's newest post in `state` (by its latest change), in the order of `ids`. */
  const newestPerChannel = (ids: string[], state: PostState) =>
    Promise.all(ids.map(async (id) => (await app.publishingLog.query({ channel: [id], state: [state], limit: 1 }))[0]));

  server.get('/health', async (request, reply) => {
    const ids = config.channels.map((c) => c.id);
    const now = desk.now();
    const [
      roll,
      feeds,
      paused,
      resumes,
      channelEvents,
      lastPublished,
      lastFailed,
      stored,
      queues,
      logEntries,
      redisInfo,
    ] = await Promise.all([
      app.presence.roll(now),
      feedHealth.states(config.feeds.map((f) => f.id)),
      app.channels.paused(ids),
      Promise.all(ids.map((id) => app.channels.lastResume(id))),
      app.channels.history(ids, HEALTH_EVENTS_SHOWN),
      newestPerChannel(ids, 'published'),
      newestPerChannel(ids, 'failed'),
      app.redis.get(checksKey),
      Promise.all(
        PLATFORMS.map(async (platform) => ({
          platform,
          counts: await app.queue.queue(platform).getJobCounts(...QUEUE_STATES),
        })),
      ),
      app.publishingLog.size(),
      readRedisServerInfo(app.redis, app.keys.durableClaim),
    ]);
    return sendPage(
      reply,
      healthPage(pageContext(desk, request, reply), config, {
        workers: describeWorkerRoll(
          roll,
          now,
          (iso) => localDateTime(iso, config.project.timezone),
          // The desk's people do not start processes: they ask the one who does.
          'ask whoever runs the bot to start its worker',
        ),
        channels: config.channels.map((channel, i) => ({
          channel,
          pause: paused.find((p) => p.channel === channel.id) ?? null,
          lastResume: resumes[i] ?? null,
          lastPublished: lastPublished[i] ?? null,
          lastFailed: lastFailed[i] ?? null,
        })),
        channelEvents,
        feeds: config.feeds.map((feed, i) => ({ feed, state: feeds[i]! })),
        credentials: stored ? (JSON.parse(stored) as CredentialChecks) : null,
        // The platforms an enabled channel uses, as doctor and the worker's alert list them.
        versions: versionsInUse(config, now),
        queues,
        logEntries,
        redis: {
          server: describeServer(redisInfo),
          settings: describeSettings(redisInfo),
          undurable: undurableReason(redisInfo),
          unfsynced: unfsyncedClaimWarning(redisInfo),
        },
      }),
    );
  });

  server.post('/health/check', { config: { permission: 'admin' } }, async (request, reply) => {
    const enabled = config.channels.filter((c) => c.enabled);
    const results = await Promise.all(enabled.map((channel) => desk.checkChannel(channel)));
    const checks: CredentialChecks = {
      checkedAt: desk.now().toISOString(),
      by: actorOf(request.user!),
      checks: Object.fromEntries(enabled.map((c, i) => [c.id, results[i]!])),
    };
    await app.redis.set(checksKey, JSON.stringify(checks));
    const failing = results.filter((r) => !r.ok).length;
    return redirectWithFlash(request, reply, '/health', {
      kind: failing ? 'error' : 'ok',
      text: failing
        ? `${counted(failing, 'channel', 'channels')} failed the credentials check.`
        : 'Every channel passed the credentials check.',
    });
  });

  server.post<{ Params: { id: string }; Body: { reason?: string } }>(
    '/channels/:id/pause',
    { config: { permission: 'admin' } },
    async (request, reply) => {
      const user = request.user!;
      const reason = String(request.body?.reason ?? '').trim() || 'paused from the review desk';
      let outcome: Awaited<ReturnType<typeof app.postActions.pause>>;
      try {
        outcome = await app.postActions.pause(request.params.id, reason, actorOf(user));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return redirectWithFlash(request, reply, '/health', { kind: 'error', text: error.message });
      }
      const { pause, already } = outcome;
      desk.logger.info({ user: user.name, action: 'pause', channel: request.params.id, already }, 'review desk: pause');
      // Paused by someone else meanwhile (a page opened before): their pause and reason stand, and
      // this person's reason was not recorded, so it is said as a problem, not as done.
      if (already)
        return redirectWithFlash(request, reply, '/health', {
          kind: 'error',
          text:
            `${request.params.id} was already paused by ${pause.by} (${pause.reason}); that pause stands and your ` +
            'reason was not recorded. Resume it first to pause it for another reason.',
        });
      return redirectWithFlash(request, reply, '/health', {
        kind: 'ok',
        text: `Paused ${request.params.id}: its posts wait until it is resumed.`,
      });
    },
  );

  server.post<{ Params: { id: string } }>(
    '/channels/:id/resume',
    { config: { permission: 'admin' } },
    async (request, reply) => {
      const user = request.user!;
      let outcome: Awaited<ReturnType<typeof app.postActions.resume>>;
      try {
        outcome = await app.postActions.resume(request.params.id, actorOf(user));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return redirectWithFlash(request, reply, '/health', { kind: 'error', text: error.message });
      }
      const { pause, requeued } = outcome;
      desk.logger.info({ user: user.name, action: 'resume', channel: request.params.id }, 'review desk: resume');
      return redirectWithFlash(request, reply, '/health', {
        kind: 'ok',
        // Resumed by someone else meanwhile: nothing was lifted, nothing newly queued.
        text: pause
          ? `Resumed ${request.params.id}; ${counted(requeued, 'waiting post', 'waiting posts')} queued.`
          : `${request.params.id} was not paused (resumed meanwhile?); its ${counted(requeued, 'post', 'posts')} to go out stay queued.`,
      });
    },
  );
}
