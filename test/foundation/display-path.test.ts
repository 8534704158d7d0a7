import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/display-path.ts';

describe('displayPath', () => {
  it('shows a file under the working directory relative to it, any other file by its full path', () => {
    expect(displayPath('/srv/bot/news/a.md', '/srv/bot')).toBe('news/a.md');
    expect(displayPath('news/a.md', '/srv/bot')).toBe('news/a.md');
    expect(displayPath('/tmp/a.md', '/srv/bot')).toBe('/tmp/a.md');
    expect(displayPath('../other/a.md', '/srv/bot')).toBe('/srv/other/a.md');
    expect(displayPath('/srv/bot', '/srv/bot')).toBe('/srv/bot');
  });
});
