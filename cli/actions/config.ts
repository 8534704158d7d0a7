import type { Command } from 'commander';
import { readCredentials } from '../../src/config/secrets.ts';
import { configFor, printJson } from '../cli-context.ts';

/** `secon-bot config`: validates the configuration and shows what the bot will use. */
export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('validate the configuration file and show the channels, feeds and which credential variables are set')
    .option('--json', 'print the validated configuration as JSON (credential values are never shown)')
    .action(function (this: Command, options: { json?: boolean }) {
      const { config, path } = configFor(this);
      const channels = config.channels.map((channel) => {
        const { missing } = readCredentials(channel.credentials);
        return { ...channel, credentialsMissing: missing };
      });
      if (options.json) {
        printJson({ file: path, ...config, channels });
        return;
      }
      const lines = [
        `${path}: valid`,
        `project   ${config.project.name} (${config.project.website}), time zone ${config.project.timezone}, default language ${config.project.defaultLanguage}`,
        `redis     REDIS_URL (key prefix "${config.redis.keyPrefix}")`,
        'channels',
        ...channels.map(
          (c) =>
            `  ${c.enabled ? '●' : '○'} ${c.id.padEnd(18)} ${c.platform.padEnd(9)} ${c.account.padEnd(30)} ${c.languages.join(',')}` +
            (c.credentialsMissing.length ? `  (unset: ${c.credentialsMissing.join(', ')})` : '  (credentials set)'),
        ),
        `feeds     ${config.feeds.length ? config.feeds.map((f) => `${f.id} [${f.schedule}]`).join(', ') : 'none'}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
