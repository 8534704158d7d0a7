import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type Alert, AlertSender } from '../../src/alerts/alert-sender.ts';
import { REDACTED, registerSecret, scrubSecrets } from '../../src/config/secrets.ts';
import { InputError } from '../../src/input-error.ts';
import { createLogger } from '../../src/logger.ts';
import { planningConfig } from '../helpers/config.ts';

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  body: any;
}

/** A local stand-in for a Slack/Teams incoming webhook. */
async function webhook(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.end('ok'),
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        contentType: req.headers['content-type'],
        body: JSON.parse(text),
      });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T000/B000/hook`, received, server };
}

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => any[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ destination, level: 'debug', pretty: false });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const failed: Alert = {
  kind: 'post-failed',
  channel: 'linkedin-secon',
  postId: 'haskovo-workshop-2023.linkedin-secon.en.announcement',
  message: 'LinkedIn rejected the post: text too long',
  at: '2026-05-07T07:00:00.000Z',
};

describe('AlertSender', () => {
  it('POSTs one readable line and the structured fields as JSON, and logs the alert as an error', async () => {
    const hook = await webhook();
    const { logger, lines } = capturingLogger();
    await new AlertSender({ logger, webhookUrl: hook.url, source: 'SECON' }).send(failed);

    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/services/T000/B000/hook');
    expect(request!.contentType).toBe('application/json');
    expect(request!.body).toEqual({
      text:
        'SECON: Post failed — linkedin-secon — post haskovo-workshop-2023.linkedin-secon.en.announcement: LinkedIn ' +
        'rejected the post: text too long (2026-05-07T07:00:00.000Z)',
      kind: 'post-failed',
      channel: 'linkedin-secon',
      postId: 'haskovo-workshop-2023.linkedin-secon.en.announcement',
      message: 'LinkedIn rejected the post: text too long',
      at: '2026-05-07T07:00:00.000Z',
      source: 'SECON',
    });
    const logged = lines().find((line) => line.alert);
    expect(logged.level).toBe(50);
    expect(logged.msg).toBe(request!.body.text);
    expect(logged.alert).toMatchObject({ kind: 'post-failed', channel: 'linkedin-secon' });
  });

  it('logs a missed post as a warning and sends nothing without a webhook', async () => {
    const { logger, lines } = capturingLogger();
    const sender = new AlertSender({ logger });
    expect(sender.hasWebhook).toBe(false);
    await sender.send({
      kind: 'post-missed',
      postId: 'p.x-secon.en.news',
      message: 'overdue by 7 h',
      at: '2026-05-07T14:00:00.000Z',
    });
    const [line] = lines();
    expect(line.level).toBe(40);
    expect(line.msg).toBe('secon-bot: Post missed — post p.x-secon.en.news: overdue by 7 h (2026-05-07T14:00:00.000Z)');
  });

  it('scrubs secrets from the webhook body and the log', async () => {
    const hook = await webhook();
    const { logger, lines } = capturingLogger();
    registerSecret('EAAG-page-token-4711');
    await new AlertSender({ logger, webhookUrl: hook.url }).send({
      kind: 'credentials-failed',
      channel: 'facebook-secon',
      message: 'token EAAG-page-token-4711 expired',
      at: '2026-05-07T07:00:00.000Z',
    });
    const body = JSON.stringify(hook.received[0]!.body);
    expect(body).not.toContain('EAAG-page-token-4711');
    expect(hook.received[0]!.body.message).toBe(`token ${REDACTED} expired`);
    expect(JSON.stringify(lines())).not.toContain('EAAG-page-token-4711');
  });

  it('logs a webhook error answer and resolves', async () => {
    const hook = await webhook((_req, res) => {
      res.statusCode = 500;
      res.end('invalid_payload');
    });
    const { logger, lines } = capturingLogger();
    await expect(new AlertSender({ logger, webhookUrl: hook.url }).send(failed)).resolves.toBeUndefined();
    expect(hook.received).toHaveLength(1);
    expect(lines().map((l) => l.msg)).toContain('alert webhook answered HTTP 500: invalid_payload');
  });

  it('gives up on a webhook that does not answer, within the timeout, without throwing', async () => {
    const hook = await webhook(() => {
      /* never answers */
    });
    const { logger, lines } = capturingLogger();
    const started = Date.now();
    await expect(
      new AlertSender({ logger, webhookUrl: hook.url, timeoutMs: 200 }).send(failed),
    ).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(lines().map((l) => l.msg)).toContain('alert webhook failed: no answer within 200 ms');
  });

  it('survives an unreachable webhook and never logs its URL', async () => {
    const hook = await webhook();
    const url = hook.url;
    hook.server.close();
    const { logger, lines } = capturingLogger();
    registerSecret(url);
    await expect(new AlertSender({ logger, webhookUrl: url }).send(failed)).resolves.toBeUndefined();
    const messages = lines().map((l) => l.msg as string);
    expect(messages.some((m) => m.startsWith('alert webhook failed: fetch failed'))).toBe(true);
    expect(JSON.stringify(lines())).not.toContain(url);
  });

  it('lets flush() wait for deliveries still under way', async () => {
    let release!: () => void;
    const hook = await webhook((_req, res) => {
      release = () => res.end('ok');
    });
    const { logger } = capturingLogger();
    const sender = new AlertSender({ logger, webhookUrl: hook.url });
    let delivered = false;
    void sender.send(failed).then(() => {
      delivered = true;
    });
    while (hook.received.length === 0) await new Promise((r) => setTimeout(r, 5));
    const flushed = sender.flush();
    expect(delivered).toBe(false);
    release();
    await flushed;
    expect(delivered).toBe(true);
  });
});

describe('AlertSender.fromConfig', () => {
  const config = planningConfig((raw) => {
    raw.alerts = { webhookUrlEnv: 'SECON_ALERT_WEBHOOK_URL' };
  });

  it('reads the webhook URL from the named variable and treats it as a secret', async () => {
    const hook = await webhook();
    const { logger } = capturingLogger();
    const sender = AlertSender.fromConfig(config, logger, { SECON_ALERT_WEBHOOK_URL: hook.url });
    expect(sender.hasWebhook).toBe(true);
    expect(scrubSecrets(`posting to ${hook.url}`)).toBe(`posting to ${REDACTED}`);
    await sender.send(failed);
    expect(hook.received[0]!.body.source).toBe('SECON');
  });

  it('says so in the log (info) and keeps to the log when the variable is not set', () => {
    const { logger, lines } = capturingLogger();
    expect(AlertSender.fromConfig(config, logger, {}).hasWebhook).toBe(false);
    expect(lines()[0].msg).toContain('SECON_ALERT_WEBHOOK_URL, which is not set');
    expect(lines()[0].level).toBe(30);
  });

  it('rejects a value that is not a URL, naming the variable but not the value', () => {
    const { logger } = capturingLogger();
    const build = () =>
      AlertSender.fromConfig(config, logger, { SECON_ALERT_WEBHOOK_URL: 'hooks-slack-T00-B00-secretpart' });
    expect(build).toThrow(InputError);
    expect(build).toThrow(/alerts\.webhookUrlEnv: the value of SECON_ALERT_WEBHOOK_URL is not an http\(s\) URL/);
    try {
      build();
    } catch (error) {
      expect(String(error)).not.toContain('secretpart');
    }
  });
});
