import { describe, expect, it } from 'vitest';
import { LinkedInSandbox } from '../../sandbox/linkedin-sandbox.ts';
import { RateBudget } from '../../sandbox/rate-budget.ts';
import { DAY_MS } from '../../src/time-units.ts';

describe('RateBudget', () => {
  it('a window starts with its first request (X: 15 minutes from then)', () => {
    let now = Date.parse('2026-12-04T23:50:00Z');
    const budget = new RateBudget({ limit: 1, windowMs: 15 * 60_000 }, () => now);
    expect(budget.take()).toMatchObject({ allowed: true, resetAt: new Date('2026-12-05T00:05:00Z') });
    now += 60_000;
    expect(budget.take().allowed).toBe(false);
  });

  it('an aligned day window ends at midnight UTC, whenever its first request came (LinkedIn)', () => {
    let now = Date.parse('2026-12-04T23:50:00Z');
    const budget = new RateBudget({ limit: 2, windowMs: DAY_MS, aligned: true }, () => now);
    expect(budget.take()).toMatchObject({ allowed: true, remaining: 1, resetAt: new Date('2026-12-05T00:00:00Z') });
    expect(budget.take().allowed).toBe(true);
    expect(budget.take()).toMatchObject({ allowed: false, remaining: 0 });
    now = Date.parse('2026-12-05T00:00:00Z');
    expect(budget.take()).toMatchObject({ allowed: true, resetAt: new Date('2026-12-06T00:00:00Z') });
  });

  it('the LinkedIn sandbox counts in UTC days, and keeps any window a test sets aligned', () => {
    const linkedin = new LinkedInSandbox();
    expect(linkedin.rateLimit).toEqual({ limit: 1000, windowMs: DAY_MS, aligned: true });
    linkedin.setRateLimit({ limit: 1, windowMs: 60_000 });
    expect(linkedin.rateLimit).toEqual({ limit: 1, windowMs: 60_000, aligned: true });
    linkedin.reset();
    expect(linkedin.rateLimit).toEqual({ limit: 1000, windowMs: DAY_MS, aligned: true });
  });
});
