import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NEWS_IMAGES_PATH } from '../../web/web-paths.ts';
import { capturingLogger, DeskClient, startTestDesk, type TestDesk } from './desk-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'secon-desk-news-'));
let desk: TestDesk | undefined;
afterAll(async () => {
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The smallest PNG there is: one transparent pixel. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/**
 * A desk started where web.newsDir does not exist (a server without the news folder) said only
 * fastify-static's "\"root\" path … must exist", naming neither the setting nor what it costs.
 */
describe('review desk: a news folder (web.newsDir) that does not exist', () => {
  it('is named at start with the setting, what it costs and the fix; once made, its images are served', async () => {
    const newsDir = join(dir, 'news');
    const log = capturingLogger();
    desk = await startTestDesk({ web: { newsDir }, server: { logger: log.logger } });
    const warnings = log.lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual([
      `web.newsDir: the news folder ${newsDir} does not exist, so news uploaded or pasted on the desk can use ` +
        'images from http(s) URLs only; create the folder, or set web.newsDir (a relative path is from the ' +
        'folder the desk is started in)',
    ]);

    mkdirSync(newsDir);
    writeFileSync(join(newsDir, 'riga.png'), PIXEL);
    const client = new DeskClient(desk.server);
    await client.login('vic');
    const image = await client.get(`${NEWS_IMAGES_PATH}/riga.png`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
  });
});
