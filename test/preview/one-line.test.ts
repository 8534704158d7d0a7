import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/preview/one-line.ts';

describe('oneLine', () => {
  it('shows a line break that ends no sentence as " · ", and one after punctuation as a space', () => {
    const text =
      '📅 Save the date: SECON at the social economy fair\n\n🗓️ 20 December 2026\n📍 Riga, Latvia\n\n' +
      'Partners present support schemes at a two-day fair.\n\nRead more:\nhttps://example.org/secon\n\n#SECON #SocialEconomy';
    expect(oneLine(text)).toBe(
      '📅 Save the date: SECON at the social economy fair · 🗓️ 20 December 2026 · 📍 Riga, Latvia · ' +
        'Partners present support schemes at a two-day fair. Read more: https://example.org/secon · #SECON #SocialEconomy',
    );
  });

  it('a line that goes on in lower case continues the sentence above it', () => {
    expect(oneLine('Partners from nine countries\nworked on social economy policies\nToday: Riga')).toBe(
      'Partners from nine countries worked on social economy policies · Today: Riga',
    );
    expect(oneLine('Σήμερα στο Χάσκοβο\nοι εταίροι του SECON')).toBe('Σήμερα στο Χάσκοβο οι εταίροι του SECON');
  });

  it('collapses runs of spaces and tabs, drops blank lines and outer space', () => {
    expect(oneLine('  One\t two  \n \n\r\n  Three \n')).toBe('One two · Three');
    expect(oneLine('')).toBe('');
    expect(oneLine('\n\n')).toBe('');
  });
});
