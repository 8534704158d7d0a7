import { describe, expect, it } from 'vitest';
import { duration, EARLY_TOLERANCE_MS, publishDecision } from '../../src/planning/publish-window.ts';

const planned = '2026-05-07T07:00:00.000Z';
const plannedMs = Date.parse(planned);
const atOffset = (ms: number): Date => new Date(plannedMs + ms);
const HOUR = 3_600_000;

describe('publishDecision', () => {
  it('sends a post that fires too early back to wait until its planned time', () => {
    expect(publishDecision({ plannedAt: planned }, atOffset(-90_000), 6)).toEqual({
      action: 'wait',
      untilMs: plannedMs,
      delayMs: 90_000,
    });
  });

  it('publishes on time, a hair early, and late within the grace', () => {
    expect(publishDecision({ plannedAt: planned }, atOffset(0), 6)).toEqual({ action: 'publish' });
    expect(publishDecision({ plannedAt: planned }, atOffset(-EARLY_TOLERANCE_MS), 6)).toEqual({ action: 'publish' });
    expect(publishDecision({ plannedAt: new Date(plannedMs) }, atOffset(6 * HOUR), 6)).toEqual({ action: 'publish' });
  });

  it('marks a post overdue beyond the grace as missed, saying by how much', () => {
    const decision = publishDecision({ plannedAt: planned }, atOffset(6 * HOUR + 5 * 60_000), 6);
    expect(decision).toEqual({
      action: 'missed',
      reason: `overdue by 6 h 5 min (planned ${planned}), more than the grace of 6 h`,
    });
    expect(publishDecision({ plannedAt: planned }, atOffset(90 * 60_000), 1).action).toBe('missed');
    expect(publishDecision({ plannedAt: planned }, atOffset(1), 0).action).toBe('missed');
  });

  it('never publishes an event post once the event has started, even within the grace', () => {
    const notAfter = '2026-05-07T08:00:00.000Z';
    expect(publishDecision({ plannedAt: planned, notAfter }, atOffset(30 * 60_000), 6)).toEqual({ action: 'publish' });
    expect(publishDecision({ plannedAt: planned, notAfter }, atOffset(HOUR), 6)).toEqual({
      action: 'missed',
      reason: `the event started at ${notAfter}`,
    });
    expect(publishDecision({ plannedAt: planned, notAfter }, atOffset(2 * HOUR), 6)).toEqual({
      action: 'missed',
      reason: `the event started at ${notAfter}`,
    });
  });

  it("writes a missed reason's times as the caller asks (the publisher: the channel's local time)", () => {
    const decision = publishDecision({ plannedAt: planned }, atOffset(7 * HOUR), 6, (ms) => `<${ms}>`);
    expect(decision).toEqual({
      action: 'missed',
      reason: `overdue by 7 h (planned <${plannedMs}>), more than the grace of 6 h`,
    });
  });

  it('does not wait for a post planned at or after the event start', () => {
    const decision = publishDecision({ plannedAt: planned, notAfter: planned }, atOffset(-HOUR), 6);
    expect(decision.action).toBe('missed');
    expect(decision.action === 'missed' && decision.reason).toContain('not before the event starts');
  });

  it('refuses a date it cannot read instead of guessing', () => {
    expect(() => publishDecision({ plannedAt: 'tomorrow' }, new Date(), 6)).toThrow(
      /plannedAt is not a valid date-time: tomorrow/,
    );
  });
});

describe('duration', () => {
  it('says lateness as people do', () => {
    expect(duration(30_000)).toBe('30 s');
    expect(duration(45 * 60_000)).toBe('45 min');
    expect(duration(2 * HOUR)).toBe('2 h');
    expect(duration(2 * HOUR + 5 * 60_000)).toBe('2 h 5 min');
  });
});
