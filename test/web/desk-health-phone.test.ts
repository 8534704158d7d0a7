import { describe, expect, it } from 'vitest';
import { cellsOffScreen, usePhonePage } from './desk-fixtures.ts';

/** The health page's queue counts on a phone, in a real browser with the desk's stylesheet: every count in sight. */

const phone = usePhonePage('/health');

describe('the health page on a phone', { timeout: 60_000 }, () => {
  it('shows every queue count on the screen, failed ones too, without scrolling sideways', async () => {
    const out = await cellsOffScreen(phone.page(), '[aria-labelledby=h-queues] table');
    expect(out).toEqual([]);
  });
});
