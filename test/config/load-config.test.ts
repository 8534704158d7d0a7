import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load-config.ts';
import { InputError } from '../../src/input-error.ts';

const shipped = readFileSync('secon-bot.yaml', 'utf8');

function errorOf(text: string): string {
  try {
    parseConfig(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('configuration', () => {
  it('accepts the shipped secon-bot.yaml with SECON accounts', () => {
    const config = loadConfig('secon-bot.yaml');
    expect(config.channels.map((c) => [c.platform, c.account])).toEqual([
      ['twitter', 'SeconProject_eu'],
      ['linkedin', 'urn:li:organization:93265886'],
      ['facebook', '100093083107402'],
    ]);
    expect(config.redis.keyPrefix).toBe('secon');
  });

  it('names the key path of an unknown platform', () => {
    const message = errorOf(shipped.replace('platform: linkedin', 'platform: myspace'));
    expect(message).toContain('bad.yaml: channels[1].platform');
    expect(message).toMatch(/facebook.*linkedin.*twitter/);
  });

  it('names a missing channel id', () => {
    const message = errorOf(shipped.replace('  - id: x-secon\n', '  -\n'));
    expect(message).toContain('channels[0].id');
  });

  it('reports bad YAML with its line', () => {
    const message = errorOf('project:\n  name: [unclosed\n');
    expect(message).toMatch(/bad\.yaml: invalid YAML at line \d+/);
  });

  it('refuses a secret written where an env variable name belongs', () => {
    const message = errorOf(shipped.replace('accessToken: SECON_LINKEDIN_TOKEN', 'accessToken: AQX-real-token-value'));
    expect(message).toContain('channels[1].credentials.accessToken');
  });

  it('rejects misspelt keys instead of ignoring them', () => {
    const message = errorOf(shipped.replace('graceHours: 6', 'graceHour: 6'));
    expect(message).toContain('planning');
    expect(message).toContain('graceHour');
  });
});
