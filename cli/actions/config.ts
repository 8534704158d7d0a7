import type { Command } from 'commander';
import { credentialStatus } from '../../src/config/secrets.ts';
import { feedIntakeText } from '../../src/news/feed-intake-text.ts';
import { feedScheduleText } from '../../src/news/feed-schedule-text.ts';
import { redisUrl, safeRedisUrl } from '../../src/redis/connect-redis.ts';
import { configWithFeeds, printJson } from '../cli-context.ts';
import { paint } from '../output/colour.ts';
import { hanging } from '../output/hanging-text.ts';
import { screenWidth } from '../output/screen.ts';

/** `secon-bot config`: validates the configuration and shows what the bot will use. */
export async function run(options: { json?: boolean }, command: Command): Promise<void> {
  const { config, path, sandbox } = await configWithFeeds(command);
  const channels = config.channels.map((channel) => {
    const { missing, unreadable } = credentialStatus(channel.credentials);
    return { ...channel, credentialsMissing: missing, credentialsUnreadable: unreadable };
  });
  const redis = `${safeRedisUrl(redisUrl())}${process.env.REDIS_URL ? '' : ' (REDIS_URL is not set: the default)'}`;
  if (options.json) {
    printJson({ file: path, sandbox: sandbox ?? null, ...config, channels });
    return;
  }
  const width = screenWidth();
  const lines = [
    `${path}: ${paint('green', 'valid')}`,
    hanging(
      'project   ',
      `${config.project.name} (${config.project.website}), time zone ${config.project.timezone}, default ` +
        `language ${config.project.defaultLanguage}`,
      width,
    ),
    hanging('redis     ', `${redis}, key prefix "${config.redis.keyPrefix}"`, width),
    ...(sandbox ? [hanging('sandbox   ', `every platform at ${sandbox} (--sandbox / SECON_BOT_SANDBOX)`, width)] : []),
    'channels',
    ...channels.map((c) =>
      hanging(
        `  ${c.enabled ? '●' : '○'} ${c.id.padEnd(18)} ${c.platform.padEnd(9)} ${c.account.padEnd(30)} `,
        `${c.languages.join(',')}  ${credentialsNote(c.credentialsMissing, c.credentialsUnreadable)}`,
        width,
      ),
    ),
    hanging(
      'feeds     ',
      config.feeds.length
        ? config.feeds
            .map((f) => `${f.id} (${feedScheduleText(f.schedule)}: ${f.schedule}; new items ${feedIntakeText(f)})`)
            .join(', ')
        : 'none',
      width,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** What a channel line says of its credentials: unreadable files (with why), unset variables, or all set. */
function credentialsNote(missing: string[], unreadable: string[]): string {
  const notes = [
    ...unreadable.map((reason) => paint('red', `(unreadable: ${reason})`)),
    ...(missing.length ? [paint('yellow', `(unset: ${missing.join(', ')})`)] : []),
  ];
  return notes.length ? notes.join(' ') : paint('green', '(credentials set)');
}
