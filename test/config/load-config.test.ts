import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load-config.ts';
import { InputError } from '../../src/input-error.ts';
import { checkFeedSchedules } from '../../worker/feed-schedules.ts';
import { runCli } from '../helpers/cli.ts';

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

  it("serves the worker's /healthz and /metrics on loopback unless worker.host says otherwise", () => {
    expect(loadConfig('secon-bot.yaml').worker).toEqual({ host: '127.0.0.1', port: 9464 });
    const without = parseConfig(shipped.replace(/^worker:\n {2}port: 9464\n/m, ''), 'x.yaml');
    expect(without.worker).toEqual({ host: '127.0.0.1', port: 9464 });
    const container = parseConfig(shipped.replace('  port: 9464', '  host: 0.0.0.0\n  port: 9464'), 'x.yaml');
    expect(container.worker.host).toBe('0.0.0.0');
  });

  it('names the key path of an unknown platform', () => {
    const message = errorOf(shipped.replace('platform: linkedin', 'platform: myspace'));
    expect(message).toContain('bad.yaml: channels[1].platform');
    expect(message).toMatch(/facebook.*linkedin.*twitter/);
  });

  it('refuses a web.port browsers will not open (a Fetch "bad port"): the desk would start and nobody reach it', () => {
    const message = errorOf(`${shipped}\nweb:\n  port: 6000\n`);
    expect(message).toMatch(
      /bad\.yaml: web\.port: browsers and fetch\(\) refuse to connect to port 6000 .*expected another port/,
    );
    expect(() => parseConfig(`${shipped}\nweb:\n  port: 8443\n`, 'good.yaml')).not.toThrow();
  });

  it('refuses web.trustProxy as a number of hops (the desk would trust no proxy at all), naming the fix', () => {
    // Fastify 5 ignores hop counts: the cookies were never Secure behind HTTPS, and every person
    // shared the proxy's address, so twenty wrong passwords from anyone locked everyone out.
    const message = errorOf(`${shipped}\nweb:\n  trustProxy: 1\n`);
    expect(message).toMatch(
      /bad\.yaml: web\.trustProxy: a number of proxy hops is not trusted .*expected true or the proxy's addresses/,
    );
    expect(parseConfig(`${shipped}\nweb:\n  trustProxy: [127.0.0.1]\n`, 'good.yaml').web.trustProxy).toEqual([
      '127.0.0.1',
    ]);
    expect(parseConfig(`${shipped}\nweb:\n  trustProxy: true\n`, 'good.yaml').web.trustProxy).toBe(true);
  });

  it('names a missing channel id', () => {
    const message = errorOf(shipped.replace('  - id: x-secon\n', '  -\n'));
    expect(message).toContain('channels[0].id');
  });

  it('reports bad YAML with its line', () => {
    const message = errorOf('project:\n  name: [unclosed\n');
    expect(message).toMatch(/bad\.yaml: invalid YAML at line \d+/);
  });

  it('says the YAML position once, without a dangling colon', () => {
    const message = errorOf('a:\n  b: [x, y\n  c: 1\n');
    expect(message).toBe(
      'bad.yaml: invalid YAML at line 3, column 3: Flow sequence in block collection must be sufficiently ' +
        'indented and end with a ]',
    );
  });

  it('quotes a value outside a list, as news errors do', () => {
    const message = errorOf(shipped.replace('platform: linkedin', 'platform: linkdin'));
    expect(message).toContain(
      'bad.yaml: channels[1].platform: expected one of facebook, linkedin, twitter; got "linkdin"',
    );
  });

  it('refuses a secret written where an env variable name belongs, without repeating it', () => {
    const message = errorOf(shipped.replace('accessToken: SECON_LINKEDIN_TOKEN', 'accessToken: AQX-real-token-value'));
    expect(message).toContain('channels[1].credentials.accessToken');
    expect(message).not.toContain('AQX-real-token-value');
    // Nor a secret pasted where a number belongs: its kind is said, not its value.
    const port = errorOf(shipped.replace('  port: 9464', '  port: "AQX-real-token-value"'));
    expect(port).toMatch(/bad\.yaml: worker\.port: expected a number, got text \(line \d+\)/);
    expect(port).not.toContain('AQX-real-token-value');
  });

  it('rejects misspelt keys instead of ignoring them, naming the key meant and the line', () => {
    const line = shipped.split('\n').findIndex((l) => l.includes('graceHours: 6')) + 1;
    const message = errorOf(shipped.replace('graceHours: 6', 'graceHour: 6'));
    expect(message).toContain(`bad.yaml: planning.graceHour: unknown key; did you mean graceHours? (line ${line})`);
    // Nothing near: the keys that are known there.
    expect(errorOf(shipped.replace('  port: 9464', '  port: 9464\n  colour: blue'))).toMatch(
      /bad\.yaml: worker\.colour: unknown key; expected one of host, port \(line \d+\)/,
    );
  });

  it('says a missing key as missing, in words (not zod\'s "Invalid input: expected string, received undefined")', () => {
    const message = errorOf('channels:\n  - id: x\n    platform: twitter\n');
    expect(message).toContain('bad.yaml: project: missing; expected a mapping of fields (line 1)');
    expect(message).toContain('bad.yaml: channels[0].account: missing; expected text (line 2)');
    expect(message).not.toContain('Invalid input');
    // A missing choice too: "missing", then the choices.
    expect(errorOf('channels:\n  - id: x\n    account: a\n')).toContain(
      'bad.yaml: channels[0].platform: missing; expected one of facebook, linkedin, twitter (line 2)',
    );
  });

  describe('feeds (checked when the configuration is read, not when the worker polls)', () => {
    const withFeed = (feed: string) =>
      shipped.replace('feeds: []', `feeds:\n  - id: haskovo-news\n    url: https://www.haskovo.bg/rss\n${feed}`);

    it('accepts a feed with a node-cron schedule, an https URL and configured channels', () => {
      const config = parseConfig(withFeed('    schedule: "*/30 * * * *"\n    channels: [facebook-secon]\n'), 'ok.yaml');
      expect(config.feeds[0]).toMatchObject({ id: 'haskovo-news', schedule: '*/30 * * * *' });
    });

    it.each([
      ['every 15 minutes', /"every 15 minutes" is not a cron expression \(expected 5 or 6 fields/],
      ['0 25 * * *', /25 is a invalid expression for hour/],
      ['0 0 31 2 *', /impossible day of month/],
    ])("checks a schedule with node-cron's own validator, naming feeds[0].schedule: %j", (schedule, message) => {
      const config = parseConfig(withFeed(`    schedule: "${schedule}"\n`), 'bad.yaml');
      let error: unknown;
      try {
        checkFeedSchedules(config, 'bad.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain('bad.yaml: feeds[0].schedule: ');
      expect((error as Error).message).toMatch(message);
      expect(() => checkFeedSchedules(parseConfig(withFeed(''), 'ok.yaml'), 'ok.yaml')).not.toThrow();
    });

    it('`secon-bot config` refuses a bad schedule with exit 2, naming file and key path', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'secon-config-')), 'secon-bot.yaml');
      writeFileSync(file, withFeed('    schedule: "*/15 * * *"\n'));
      const run = await runCli(['--config', file, 'config']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${file}: feeds[0].schedule: "*/15 * * *" is not a cron expression`);
    });

    it('`secon-bot config` lists a feed with its schedule in words and as written', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'secon-config-')), 'secon-bot.yaml');
      writeFileSync(file, withFeed('    schedule: "0 9 * * 1-5"\n'));
      const run = await runCli(['--config', file, 'config']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        /^feeds +\S+ \(at 09:00, Monday through Friday: 0 9 \* \* 1-5; new items wait for approval\)$/m,
      );
      writeFileSync(file, withFeed('    approval: false\n'));
      const unattended = await runCli(['--config', file, 'config', '--no-color'], { env: { COLUMNS: '300' } });
      expect(unattended.stdout).toMatch(
        /; new items scheduled at once; one in another language waits for approval\)$/m,
      );
      writeFileSync(file, withFeed('    approval: false\n    languageCheck: warn\n'));
      const warned = await runCli(['--config', file, 'config', '--no-color'], { env: { COLUMNS: '300' } });
      expect(warned.stdout).toMatch(/; new items scheduled at once\)$/m);
    });

    it('names an unknown channel of a feed', () => {
      const text = errorOf(withFeed('    channels: [mastodon-secon]\n'));
      expect(text).toContain('bad.yaml: feeds[0].channels[0]: ');
      expect(text).toMatch(/unknown channel "mastodon-secon"; expected one of x-secon/);
    });

    it.each([
      ['ftp://www.haskovo.bg/rss', /"ftp:" URLs are not fetched/],
      ['https://user:secret@www.haskovo.bg/rss', /without a user name or password/],
      ['https://', /"https:\/\/" is not a URL/],
    ])('refuses the feed URL %s, naming feeds[0].url', (url, message) => {
      const text = errorOf(withFeed('').replace('url: https://www.haskovo.bg/rss', `url: ${url}`));
      expect(text).toContain('bad.yaml: feeds[0].url: ');
      expect(text).toMatch(message);
    });

    it('takes a local file path as a feed (read from disk by the worker)', () => {
      const config = parseConfig(
        withFeed('').replace('url: https://www.haskovo.bg/rss', 'url: feeds/haskovo.xml'),
        'ok.yaml',
      );
      expect(config.feeds[0]!.url).toBe('feeds/haskovo.xml');
    });

    it('refuses two feeds with one id', () => {
      const twice = withFeed('').replace(
        'feeds:\n',
        'feeds:\n  - id: haskovo-news\n    url: https://www.haskovo.bg/rss2\n',
      );
      expect(errorOf(twice)).toMatch(/feeds\[1\]\.id: duplicate feed id "haskovo-news"/);
    });
  });
});
