import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadResult, loadSources } from '../../src/news/load-sources.ts';
import { newsConfig } from '../helpers/config.ts';

/**
 * Issue #11 item 1 (and #16's "offset contradicts its zone"): event times written the way people
 * write them — a local time and the event's zone — read with the zone's real daylight-saving
 * rules. The test config's project zone is Europe/Athens.
 */
const config = newsConfig();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secon-times-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function markdown(fields: Record<string, string>): string {
  const base: Record<string, string> = {
    id: 'berlin-event',
    kind: 'announcement',
    language: 'de',
    title: 'Workshop in Berlin',
    summary: 'Die Partner treffen sich in Berlin.',
    url: 'https://www.interregeurope.eu/secon',
    published: '2027-04-01T10:00:00+02:00',
    ...fields,
  };
  return `---\n${Object.entries(base)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n\nText.\n`;
}

function event(start: string, end?: string, zone = 'Europe/Berlin'): string {
  return `\n  name: Workshop\n  start: "${start}"\n${end ? `  end: "${end}"\n` : ''}  timezone: ${zone}`;
}

async function load(name: string, content: string): Promise<LoadResult> {
  writeFileSync(join(dir, name), content);
  return loadSources([join(dir, name)], { config, cwd: dir });
}

describe('local event times with event.timezone', () => {
  it('reads a date-time without offset in the event zone, and stores it with the offset', async () => {
    const result = await load('local.md', markdown({ event: event('2027-05-06T09:30:00', '2027-05-06T17:00') }));
    expect(result.rejected).toEqual([]);
    const item = result.items[0]!;
    expect(item.item.event).toMatchObject({ start: '2027-05-06T09:30:00+02:00', end: '2027-05-06T17:00:00+02:00' });
    expect(item.warnings).toBeUndefined();
  });

  it('in winter the same zone gives +01:00', async () => {
    const result = await load('winter.md', markdown({ event: event('2027-01-14T18:00:00') }));
    expect(result.items[0]!.item.event!.start).toBe('2027-01-14T18:00:00+01:00');
  });

  it('refuses a time the zone skips (spring forward), naming the field and the gap', async () => {
    const result = await load('gap.md', markdown({ event: event('2027-03-28T02:30:00') }));
    expect(result.items).toEqual([]);
    const [rejection] = result.rejected;
    expect(rejection).toMatchObject({ source: 'gap.md:11', field: 'event.start' });
    expect(rejection!.message).toContain('2027-03-28T02:30:00 does not exist in Europe/Berlin');
    expect(rejection!.message).toContain('the clocks go forward from 02:00 to 03:00 that day (+01:00 → +02:00)');
  });

  it('takes the earlier instant of a time the zone passes twice (fall back), and says so', async () => {
    const result = await load('twice.md', markdown({ event: event('2027-10-31T02:30:00') }));
    expect(result.rejected).toEqual([]);
    const [loaded] = result.items;
    expect(loaded!.item.event!.start).toBe('2027-10-31T02:30:00+02:00');
    expect(loaded!.warnings).toHaveLength(1);
    expect(loaded!.warnings![0]).toMatchObject({ field: 'event.start', line: 11 });
    expect(loaded!.warnings![0]!.message).toContain('happens twice in Europe/Berlin');
    expect(loaded!.warnings![0]!.message).toContain('took the earlier, 2027-10-31T02:30:00+02:00');
    expect(loaded!.warnings![0]!.message).toContain('write 2027-10-31T02:30:00+01:00 for the later one');
  });

  it('refuses an offset that contradicts the zone, showing both', async () => {
    const result = await load('clash.md', markdown({ event: event('2027-05-06T09:30:00+05:00') }));
    expect(result.items).toEqual([]);
    const [rejection] = result.rejected;
    expect(rejection!.field).toBe('event.start');
    expect(rejection!.message).toContain('2027-05-06T09:30:00+05:00 has the offset +05:00');
    expect(rejection!.message).toContain('Europe/Berlin (event.timezone) is at +02:00');
  });

  it('keeps an offset that agrees with the zone exactly as written, and takes a UTC time (Z) as it is', async () => {
    const agree = await load(
      'agree.md',
      markdown({ event: event('2027-05-06T09:30:00+02:00', '2027-05-06T15:00:00Z') }),
    );
    expect(agree.rejected).toEqual([]);
    expect(agree.items[0]!.item.event).toMatchObject({
      start: '2027-05-06T09:30:00+02:00',
      end: '2027-05-06T15:00:00Z',
    });
  });

  it('still refuses an event that ends before it starts, once local times are instants', async () => {
    const result = await load('order.md', markdown({ event: event('2027-05-06T17:00:00', '2027-05-06T09:00:00') }));
    expect(result.rejected[0]).toMatchObject({ field: 'event.end' });
    expect(result.rejected[0]!.message).toMatch(/ends \(2027-05-06T09:00:00\+02:00\) before it starts/);
  });
});

describe('schedule and published', () => {
  it('reads local schedule entries in the event zone, else the project zone', async () => {
    const withEvent = await load(
      'sched-event.md',
      markdown({ event: event('2027-05-06T09:30:00'), schedule: '["2027-05-03T10:00", "2027-05-05T10:00:00+02:00"]' }),
    );
    expect(withEvent.items[0]!.item.schedule).toEqual(['2027-05-03T10:00:00+02:00', '2027-05-05T10:00:00+02:00']);
    const withoutEvent = await load('sched.md', markdown({ id: 'no-event', schedule: '["2027-05-03T10:00:00"]' }));
    expect(withoutEvent.items[0]!.item.schedule).toEqual(['2027-05-03T10:00:00+03:00']);
  });

  it('refuses a schedule entry the zone skips, naming the entry', async () => {
    const result = await load('sched-gap.md', markdown({ id: 'sched-gap', schedule: '["2027-03-28T03:30:00"]' }));
    expect(result.rejected[0]).toMatchObject({ field: 'schedule[0]' });
    expect(result.rejected[0]!.message).toContain('does not exist in Europe/Athens (the project time zone');
  });

  it('refuses a schedule entry before `published`, naming the entry: nothing may go out before the news is public', async () => {
    const result = await load(
      'sched-early.md',
      markdown({ id: 'sched-early', published: '2027-05-04', schedule: '["2027-05-05T10:00", "2027-05-03T10:00"]' }),
    );
    expect(result.items).toEqual([]);
    expect(result.rejected.map((r) => r.field)).toEqual(['schedule[1]']);
    expect(result.rejected[0]!.message).toBe(
      'schedule[1]: 2027-05-03T10:00:00+03:00 is before the item is published (published: 2027-05-04T00:00:00+03:00); ' +
        'expected a time at or after published: nothing goes out before the news is public',
    );
    const onTime = await load(
      'sched-on-time.md',
      markdown({ id: 'sched-on-time', published: '2027-05-04', schedule: '["2027-05-04T00:00"]' }),
    );
    expect(onTime.rejected).toEqual([]);
  });

  it('takes a bare date as `published`: the start of that day in the item zone', async () => {
    const plain = await load('date.md', markdown({ id: 'date', published: '2027-04-01' }));
    expect(plain.items[0]!.item.published).toBe('2027-04-01T00:00:00+03:00');
    const withEvent = await load(
      'date-event.md',
      markdown({ id: 'date-event', published: '2027-04-01', event: event('2027-05-06T09:30') }),
    );
    expect(withEvent.items[0]!.item.published).toBe('2027-04-01T00:00:00+02:00');
  });

  it('refuses a bare date where a time is needed (event.start)', async () => {
    const result = await load('date-start.md', markdown({ id: 'date-start', event: event('2027-05-06') }));
    expect(result.rejected[0]).toMatchObject({ field: 'event.start' });
    expect(result.rejected[0]!.message).toMatch(/expected an ISO 8601 date-time/);
  });
});

describe('the same rules in JSON and CSV', () => {
  const item = {
    id: 'json-local',
    kind: 'announcement',
    language: 'en',
    title: 'Workshop',
    summary: 'Partners meet.',
    url: 'https://www.interregeurope.eu/secon',
    published: '2027-04-01',
    event: { name: 'Workshop', start: '2027-05-06T09:30:00', timezone: 'Europe/Berlin' },
  };

  it('JSON: a local event time is read in its zone; a skipped one is refused', async () => {
    const gap = { ...item, id: 'json-gap', event: { ...item.event, start: '2027-03-28T02:15:00' } };
    const result = await load('times.json', JSON.stringify([item, gap]));
    expect(result.items.map((i) => [i.item.id, i.item.event!.start])).toEqual([
      ['json-local', '2027-05-06T09:30:00+02:00'],
    ]);
    expect(result.rejected[0]).toMatchObject({ source: 'times.json item 2', field: 'event.start' });
  });

  it('CSV: the same, with the row line in the message', async () => {
    const csv =
      'id,kind,language,title,summary,url,published,event.name,event.start,event.timezone\n' +
      'csv-local,announcement,en,T,S,https://www.interregeurope.eu/secon,2027-04-01,W,2027-05-06T09:30,Europe/Riga\n' +
      'csv-clash,announcement,en,T,S,https://www.interregeurope.eu/secon,2027-04-01,W,2027-05-06T09:30+02:00,Europe/Riga\n';
    const result = await load('times.csv', csv);
    expect(result.items.map((i) => i.item.event!.start)).toEqual(['2027-05-06T09:30:00+03:00']);
    expect(result.rejected[0]).toMatchObject({ source: 'times.csv:3', field: 'event.start' });
    expect(result.rejected[0]!.message).toContain('Europe/Riga (event.timezone) is at +03:00');
  });
});
