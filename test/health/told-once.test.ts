import { describe, expect, it } from 'vitest';
import { ToldOnce } from '../../worker/told-once.ts';

describe('ToldOnce', () => {
  it('is true the first time a key is seen only, and starts afresh once it holds as many as it keeps', () => {
    const told = new ToldOnce(2);
    expect([told.first('a'), told.first('a'), told.first('b'), told.first('b')]).toEqual([true, false, true, false]);
    // A third key: the two remembered are forgotten, so "a" is told once more.
    expect(told.first('c')).toBe(true);
    expect([told.first('c'), told.first('a')]).toEqual([false, true]);
  });
});
