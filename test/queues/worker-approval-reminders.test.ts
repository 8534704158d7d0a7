import { afterEach, describe, expect, it } from 'vitest';
import { type Fleet, startFleet, ticksOf } from '../helpers/fleet.ts';
import { logEntry } from '../helpers/log-entries.ts';
import { waitFor } from '../helpers/world.ts';

/**
 * The worker reminds people of posts waiting for approval that are due soon: a cron task, once per
 * tick across instances, each post once (src/publishing/approval-reminders.ts).
 */

let fleet: Fleet | undefined;

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

describe('worker approval reminders', () => {
  it('two workers ticking every second send one alert for a post waiting for approval, and none for the rest', async () => {
    fleet = await startFleet({ instances: 2, runtime: { approvalReminderSchedule: '* * * * * *' } });
    const log = fleet.runtimes[0]!.app.publishingLog;
    const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const waiting = logEntry({
      postId: 'riga-meeting.linkedin-secon.en.announcement',
      newsId: 'riga-meeting',
      channel: 'linkedin-secon',
      platform: 'linkedin',
      state: 'awaiting-approval',
      plannedAt: inHours(2),
      at: inHours(0),
    });
    await log.transition(waiting, [null]);
    await log.transition(
      {
        ...waiting,
        postId: 'riga-meeting.x-secon.en.announcement',
        channel: 'x-secon',
        platform: 'twitter',
        state: 'scheduled',
      },
      [null],
    );
    const reminders = () => fleet!.alerts.filter((a) => a.kind === 'approval-due');
    await waitFor(() => reminders().length > 0, 8000, 'a reminder');
    const ticks = () => ticksOf(fleet!.logs, 'approval-reminders').size;
    const seen = ticks();
    await waitFor(() => ticks() >= seen + 2, 8000, 'two more reminder ticks');
    expect(reminders()).toEqual([expect.objectContaining({ channel: 'linkedin-secon', postId: waiting.postId })]);
    expect(reminders()[0]!.message).toMatch(/^A post of news "riga-meeting" waits for approval; the first goes out /);
    await Promise.all(fleet.runtimes.map((r) => r.stop()));
    for (const [tick, who] of ticksOf(fleet.logs, 'approval-reminders'))
      expect({ tick, ran: who.ran.length }).toEqual({ tick, ran: 1 });
  });

  it('with alerts.approvalLeadHours: 0 the task does not run', async () => {
    fleet = await startFleet({
      instances: 1,
      configExtra: 'alerts:\n  approvalLeadHours: 0\n',
      runtime: { approvalReminderSchedule: '* * * * * *', credentialsSchedule: '* * * * * *' },
    });
    const checks = () => ticksOf(fleet!.logs, 'credentials').size;
    const start = checks();
    await waitFor(() => checks() >= start + 2, 8000, 'two credentials-check ticks');
    expect(ticksOf(fleet.logs, 'approval-reminders').size).toBe(0);
  });
});
