import { expect, it } from 'vitest';
import { capitalised } from '../../src/capitalised.ts';

it('capitalises the first letter only, and leaves an empty text empty', () => {
  expect(capitalised('no reminder on Monday')).toBe('No reminder on Monday');
  expect(capitalised('valkey')).toBe('Valkey');
  expect(capitalised('élan')).toBe('Élan');
  expect(capitalised('')).toBe('');
});
