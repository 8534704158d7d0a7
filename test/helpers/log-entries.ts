import { hashText, type LogEntry } from '../../src/log/log-entry.ts';

/** A log entry with sensible defaults; tests override what they are about. */
export function logEntry(overrides: Partial<LogEntry> = {}): LogEntry {
  const text = overrides.text ?? 'Haskovo hosts the SECON partners for two days of social economy workshops.';
  return {
    postId: 'haskovo-workshop.x-secon.en.announcement',
    newsId: 'haskovo-workshop',
    channel: 'x-secon',
    platform: 'twitter',
    language: 'en',
    kind: 'announcement',
    plannedAt: '2023-11-10T08:00:00.000Z',
    at: '2023-11-09T12:00:00.000Z',
    attempt: 0,
    state: 'scheduled',
    text,
    textHash: hashText(text),
    ...overrides,
  };
}

/** ISO time `minutes` after a base instant. */
export function minutesAfter(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}
