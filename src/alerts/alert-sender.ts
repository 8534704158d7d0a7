import type { Config } from '../config/config-schema.ts';
import { readSecret, scrubSecrets } from '../config/secrets.ts';
import { InputError } from '../input-error.ts';
import type { Logger } from '../logger.ts';
import { type Alert, alertLine, ERROR_ALERTS } from './alert.ts';

export type { Alert, AlertKind } from './alert.ts';

/** Default time a webhook gets to answer before the alert is given up (it is in the log anyway). */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/** Options of {@link AlertSender}. */
export interface AlertSenderOptions {
  logger: Logger;
  /** Incoming-webhook URL (Slack, Teams, …). Default: none — alerts go to the log only. */
  webhookUrl?: string;
  /** How long one webhook call may take. Default: {@link DEFAULT_WEBHOOK_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Who is speaking, at the start of the line. Default: `secon-bot`. */
  source?: string;
}

/**
 * Sends alerts to the log and, when configured, to a webhook as a JSON POST
 * `{ "text": "<one line>", kind, channel, postId, message, at, source }` — the `text` field is what
 * Slack and Teams incoming webhooks display; the rest is there for anything that parses it.
 *
 * Alerts are raised from the publishing path, so `send` NEVER rejects: a slow or broken webhook is
 * logged and forgotten (the alert itself is already in the log). Every text is scrubbed of known
 * secrets first, and the webhook URL (a secret in itself) never appears in a message.
 */
export class AlertSender {
  private readonly logger: Logger;
  private readonly webhookUrl: string | undefined;
  private readonly timeoutMs: number;
  private readonly source: string;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: AlertSenderOptions) {
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    this.source = options.source ?? 'secon-bot';
    if (options.webhookUrl !== undefined && !isHttpUrl(options.webhookUrl)) {
      throw new TypeError('AlertSender: the webhook URL is not an http(s) URL');
    }
    this.webhookUrl = options.webhookUrl;
  }

  /**
   * Builds the sender from `config.alerts.webhookUrlEnv`: the URL is read with readSecret (so it is
   * scrubbed from all output). A named but unset variable leaves alerts in the log only, with a
   * warning; a value that is not an http(s) URL is an InputError naming the variable.
   */
  static fromConfig(config: Config, logger: Logger, env: NodeJS.ProcessEnv = process.env): AlertSender {
    const variable = config.alerts.webhookUrlEnv;
    const webhookUrl = variable ? readSecret(variable, env) : undefined;
    if (variable && webhookUrl === undefined) {
      // Not an error: a project may run without a webhook. The worker (level info) says so at start.
      logger.info({ variable }, `alerts.webhookUrlEnv names ${variable}, which is not set: alerts go to the log only`);
    }
    if (variable && webhookUrl !== undefined && !isHttpUrl(webhookUrl)) {
      throw new InputError(
        `alerts.webhookUrlEnv: the value of ${variable} is not an http(s) URL; expected an incoming-webhook URL`,
      );
    }
    return new AlertSender({
      logger,
      source: config.project.name,
      ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    });
  }

  /** True when alerts also go to a webhook. */
  get hasWebhook(): boolean {
    return this.webhookUrl !== undefined;
  }

  /** Logs the alert and posts it to the webhook if any. Resolves when done; never rejects. */
  async send(alert: Alert): Promise<void> {
    const clean: Alert = { ...alert, message: scrubSecrets(alert.message) };
    const text = scrubSecrets(alertLine(clean, this.source));
    const fields = { kind: clean.kind, channel: clean.channel, postId: clean.postId, at: clean.at };
    if (ERROR_ALERTS.has(clean.kind)) this.logger.error({ alert: fields }, text);
    else this.logger.warn({ alert: fields }, text);
    if (!this.webhookUrl) return;
    const delivery = this.post(this.webhookUrl, { text, ...clean, source: this.source });
    this.inFlight.add(delivery);
    try {
      await delivery;
    } finally {
      this.inFlight.delete(delivery);
    }
  }

  /** Waits for webhook calls still under way (graceful shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async post(url: string, body: Record<string, unknown>): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Drain the body so the connection is released; its content only matters on failure.
      const answer = await response.text().catch(() => '');
      if (!response.ok) {
        this.logger.warn(
          { status: response.status },
          scrubSecrets(`alert webhook answered HTTP ${response.status}: ${answer.slice(0, 200)}`),
        );
      }
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs} ms`
          : describe(error);
      this.logger.warn(scrubSecrets(`alert webhook failed: ${reason}`));
    }
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** fetch wraps network errors as "fetch failed" with the useful part in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : undefined;
  return detail ? `${error.message} (${detail})` : error.message;
}
