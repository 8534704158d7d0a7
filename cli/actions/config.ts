import type { Command } from 'commander';
import { readCredentials } from '../../src/config/secrets.ts';
import { redisUrl, safeRedisUrl } from '../../src/redis/connect-redis.ts';
import { configWithFeeds, printJson } from '../cli-context.ts';
import { paint } from '../output/colour.ts';

/** `secon-bot config`: validates the configuration and shows what the bot will use. */
export async function run(options: { json?: boolean }, command: Command): Promise<void> {
  const { config, path, sandbox } = await configWithFeeds(command);
  const channels = config.channels.map((channel) => {
    const { missing } = readCredentials(channel.credentials);
    return { ...channel, credentialsMissing: missing };
  });
  const redis = `${safeRedisUrl(redisUrl())}${process.env.REDIS_URL ? '' : ' (REDIS_URL is not set: the default)'}`;
  if (options.json) {
    printJson({ file: path, sandbox: sandbox ?? null, ...config, channels });
    return;
  }
  const lines = [
    `${path}: ${paint('green', 'valid')}`,
    `project   ${config.project.name} (${config.project.website}), time zone ${config.project.timezone}, default ` +
      `language ${config.project.defaultLanguage}`,
    `redis     ${redis}, key prefix "${config.redis.keyPrefix}"`,
    ...(sandbox ? [`sandbox   every platform at ${sandbox} (--sandbox / SECON_BOT_SANDBOX)`] : []),
    'channels',
    ...channels.map(
      (c) =>
        `  ${c.enabled ? '●' : '○'} ${c.id.padEnd(18)} ${c.platform.padEnd(9)} ${c.account.padEnd(30)} ` +
        `${c.languages.join(',')}` +
        (c.credentialsMissing.length
          ? paint('yellow', `  (unset: ${c.credentialsMissing.join(', ')})`)
          : paint('green', '  (credentials set)')),
    ),
    `feeds     ${config.feeds.length ? config.feeds.map((f) => `${f.id} [${f.schedule}]`).join(', ') : 'none'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
