import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { deletePrefix, testRedis, testRedisUrl, uniquePrefix } from '../helpers/redis.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secon-language-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** English text under `language: de`, as a German feed's English item arrives. */
function englishAsGerman(id: string): string {
  return `---
id: ${id}
kind: news
language: de
title: Social enterprises present themselves in Mannheim
summary: >-
  On 17 December twelve social enterprises from the region present their work at Mannheim city hall.
  The region invites administrations, foundations and companies to meet the founders.
url: https://www.m-r-n.com/secon/fair
published: ${new Date(Date.now() - 3_600_000).toISOString()}
---
`;
}

describe('secon-bot language', () => {
  it('plans a news item again in the language a person gives; saying it again changes nothing; the first language again brings its posts back; an unknown item is refused (exit 2)', async () => {
    const prefix = uniquePrefix('language');
    const config = join(dir, 'secon-bot.yaml');
    writeFileSync(config, readFileSync('secon-bot.yaml', 'utf8').replace('keyPrefix: secon', `keyPrefix: ${prefix}`));
    writeFileSync(join(dir, 'fair.md'), englishAsGerman('mrn-fair'));
    const env = { REDIS_URL: testRedisUrl(), SECON_BOT_ACTOR: 'maria' };
    const redis = testRedis();
    try {
      const taken = await runCli(['--config', config, 'schedule', join(dir, 'fair.md')], { env });
      expect(taken.code).toBe(0);
      expect(taken.stdout).toMatch(/facebook-secon\s+de\s+news/);

      const result = await runCli(['--config', config, 'language', 'mrn-fair', 'en'], { env });
      expect(result.code).toBe(0);
      for (const channel of ['x-secon', 'linkedin-secon', 'facebook-secon'])
        expect(result.stdout).toMatch(new RegExp(`${channel}\\s+en\\s+news\\s+\\S+\\s+queued`));
      expect(result.stdout).toMatch(
        /facebook-secon\s+de\s+news\s+cancelled\s+cancelled: no longer in the plan: cli:maria said/,
      );
      expect(result.stderr).toContain(
        'secon-bot: news item mrn-fair is taken as English (en) from now on, by feed polls too: 3 posts planned in it, 1 post of its old language cancelled',
      );

      // Said again: planned again, nothing new (what a crash between the two steps would need).
      const again = await runCli(['--config', config, 'language', 'mrn-fair', 'en'], { env });
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('0 posts planned in it, 0 posts of its old language cancelled');
      // Wrong after all: German again brings the German post back and cancels the English ones.
      const back = await runCli(['--config', config, 'language', 'mrn-fair', 'de'], { env });
      expect(back.code).toBe(0);
      expect(back.stdout).toMatch(/facebook-secon\s+de\s+news\s+\S+\s+restored: back in the plan/);
      expect(back.stderr).toContain('as German (de) from now on, by feed polls too: 1 post planned in it, 3 posts');
      const unknown = await runCli(['--config', config, 'language', 'no-such-news', 'en'], { env });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('news item "no-such-news" is not known here');
    } finally {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });
});
