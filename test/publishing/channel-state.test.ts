import { describe, expect, it } from 'vitest';
import { CHANNEL_EVENTS_KEPT, ChannelState } from '../../src/publishing/channel-state.ts';
import { useTestRedis } from '../helpers/redis.ts';

const test = useTestRedis('channels');
const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 9, minute));

describe('a channel keeps the history of its pauses and resumes', () => {
  it('records each pause that takes effect and each resume, with who and why, newest first', async () => {
    const channels = new ChannelState(test.redis, test.freshKeys());
    expect(await channels.pause('x-secon', 'token expired', 'worker:auth', at(1))).toMatchObject({ already: false });
    // A second pause while paused changes nothing, and is no event: the first cause stays.
    const kept = await channels.pause('x-secon', 'again', 'web:maria', at(2));
    expect(kept).toMatchObject({ pause: { reason: 'token expired', by: 'worker:auth' }, already: true });
    await channels.resume('x-secon', 'web:maria', at(3));
    // A resume of a running channel is none either.
    expect(await channels.resume('x-secon', 'web:maria', at(4))).toBeNull();
    await channels.pause('facebook-secon', 'page review', 'cli:ana', at(5));

    expect(await channels.history(['x-secon', 'facebook-secon', 'linkedin-secon'])).toEqual([
      { channel: 'facebook-secon', kind: 'paused', by: 'cli:ana', at: at(5).toISOString(), reason: 'page review' },
      { channel: 'x-secon', kind: 'resumed', by: 'web:maria', at: at(3).toISOString(), reason: 'token expired' },
      { channel: 'x-secon', kind: 'paused', by: 'worker:auth', at: at(1).toISOString(), reason: 'token expired' },
    ]);
    expect(await channels.history(['x-secon', 'facebook-secon'], 1)).toHaveLength(1);
    expect(await channels.history([])).toEqual([]);
  });

  it('two resumes at once lift one pause: one gets it, the other none, and the history has one resume', async () => {
    const channels = new ChannelState(test.redis, test.freshKeys());
    await channels.pause('x-secon', 'токенът изтече / token "expired"', 'worker:auth', at(1));
    const lifted = await Promise.all([
      channels.resume('x-secon', 'web:maria', at(2)),
      channels.resume('x-secon', 'cli:ana', at(2)),
    ]);
    expect(lifted.filter((pause) => pause !== null)).toEqual([
      { channel: 'x-secon', reason: 'токенът изтече / token "expired"', since: at(1).toISOString(), by: 'worker:auth' },
    ]);
    // The resume's event takes the reason from the pause inside the script: written back intact.
    expect((await channels.history(['x-secon'])).map((e) => `${e.kind} ${e.by}: ${e.reason}`)).toEqual([
      'resumed web:maria: токенът изтече / token "expired"',
      'paused worker:auth: токенът изтече / token "expired"',
    ]);
    expect(await channels.lastResume('x-secon')).toEqual({
      channel: 'x-secon',
      by: 'web:maria',
      at: at(2).toISOString(),
      pause: {
        channel: 'x-secon',
        reason: 'токенът изтече / token "expired"',
        since: at(1).toISOString(),
        by: 'worker:auth',
      },
    });
  });

  it(`keeps the last ${CHANNEL_EVENTS_KEPT} of a channel`, async () => {
    const channels = new ChannelState(test.redis, test.freshKeys());
    for (let i = 0; i < CHANNEL_EVENTS_KEPT / 2 + 1; i++) {
      await channels.pause('x-secon', `hold ${i}`, 'cli:ana', new Date(Date.UTC(2026, 0, 1, 0, 2 * i)));
      await channels.resume('x-secon', 'cli:ana', new Date(Date.UTC(2026, 0, 1, 0, 2 * i + 1)));
    }
    const history = await channels.history(['x-secon']);
    expect(history).toHaveLength(CHANNEL_EVENTS_KEPT);
    expect(history[0]).toMatchObject({ kind: 'resumed', reason: `hold ${CHANNEL_EVENTS_KEPT / 2}` });
    expect(history.at(-1)).toMatchObject({ kind: 'paused', reason: 'hold 1' });
  });
});
