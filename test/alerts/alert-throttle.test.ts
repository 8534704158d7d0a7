import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../app/create-app.ts';
import type { Alert } from '../../src/alerts/alert.ts';
import { AlertThrottle } from '../../src/alerts/alert-throttle.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { worldConfigYaml } from '../helpers/config.ts';
import { testRedis, uniquePrefix } from '../helpers/redis.ts';

const MINUTE = 60_000;

function failedAlert(i: number, channel = 'x-secon'): Alert {
  return {
    kind: 'post-failed',
    channel,
    postId: `news-${i}.${channel}.en.news`,
    message: `Post news-${i} on ${channel} is failed: X answered 503`,
    at: new Date().toISOString(),
  };
}

/** A throttle in front of a port that keeps what it was given. */
function throttle(options: ConstructorParameters<typeof AlertThrottle>[1] = {}) {
  const sent: Alert[] = [];
  const port = new AlertThrottle({ send: async (alert) => void sent.push(alert) }, options);
  return { port, sent };
}

describe('AlertThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-05-07T07:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends an alert identical to one sent within the dedupe window once; after the window, again', async () => {
    const { port, sent } = throttle({ dedupeWindowMs: 30 * MINUTE });
    const paused: Alert = {
      kind: 'channel-paused',
      channel: 'facebook-secon',
      message: 'Channel facebook-secon paused: token expired',
      at: new Date().toISOString(),
    };
    await port.send(paused);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    await port.send({ ...paused, at: new Date().toISOString() });
    await port.send({ ...paused, message: 'Channel facebook-secon paused: another reason' });
    expect(sent.map((a) => a.message)).toEqual([
      'Channel facebook-secon paused: token expired',
      'Channel facebook-secon paused: another reason',
    ]);
    await vi.advanceTimersByTimeAsync(21 * MINUTE);
    await port.send(paused);
    expect(sent).toHaveLength(3);
  });

  it('a burst of failures: the first few go out, the rest as ONE summary when the window ends', async () => {
    const { port, sent } = throttle({ maxPerWindow: 3, windowMs: 10 * MINUTE });
    for (let i = 0; i < 20; i++) await port.send(failedAlert(i, i % 4 === 0 ? 'linkedin-secon' : 'x-secon'));
    expect(sent.map((a) => a.kind)).toEqual(['post-failed', 'post-failed', 'post-failed']);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(sent).toHaveLength(4);
    expect(sent[3]).toMatchObject({ kind: 'alerts-summary' });
    // 20 failures: 3 sent, 17 held (linkedin-secon got i = 4, 8, 12, 16; x-secon the rest).
    expect(sent[3]!.message).toMatch(
      /^17 more alerts held back by the rate cap: 17 post-failed \(x-secon 13, linkedin-secon 4\)/,
    );
    // Nothing more is pending: no second summary.
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(sent).toHaveLength(4);
    // A new window: alerts go out again.
    await port.send(failedAlert(99));
    expect(sent).toHaveLength(5);
  });

  it('flush() (shutdown) sends what is held at once', async () => {
    const { port, sent } = throttle({ maxPerWindow: 1 });
    await port.send(failedAlert(1));
    await port.send(failedAlert(2));
    await port.send(failedAlert(2));
    expect(sent).toHaveLength(1);
    await port.flush();
    expect(sent.map((a) => a.kind)).toEqual(['post-failed', 'alerts-summary']);
    expect(sent[1]!.message).toMatch(
      /^1 more alert held back by the rate cap: 1 post-failed \(x-secon 1\); 1 identical repeat left out\./,
    );
  });
});

describe('createApp default alerts: deduplicated and rate-capped before the webhook', () => {
  it('a burst of 8 failures reaches the webhook as alerts.maxPerWindow alerts and one summary', async () => {
    const received: Array<{ kind: string; text: string }> = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const redis = testRedis();
    const config = parseConfig(
      worldConfigYaml(
        uniquePrefix('alerts'),
        'alerts: { webhookUrlEnv: W_ALERT_HOOK, maxPerWindow: 2, windowMinutes: 10, dedupeMinutes: 30 }',
      ),
      'alerts.yaml',
    );
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const app = createApp({ config, redis, env: { W_ALERT_HOOK: url }, logger: pino({ level: 'silent' }) });
    try {
      for (let i = 0; i < 8; i++) await app.alerts.send(failedAlert(i));
      await app.alerts.send(failedAlert(0));
      expect(received.map((r) => r.kind)).toEqual(['post-failed', 'post-failed']);
      await app.alerts.flush?.();
      expect(received.map((r) => r.kind)).toEqual(['post-failed', 'post-failed', 'alerts-summary']);
      expect(received[2]!.text).toContain(
        '6 more alerts held back by the rate cap: 6 post-failed (x-secon 6); 1 identical repeat left out',
      );
    } finally {
      await app.close();
      redis.disconnect();
      await new Promise((resolve) => hook.close(resolve));
    }
  });
});
