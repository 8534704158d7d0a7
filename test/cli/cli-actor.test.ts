import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cliActor } from '../../cli/cli-actor.ts';
import { InputError } from '../../src/input-error.ts';

describe('cliActor', () => {
  it('names the operating-system user, or the person SECON_BOT_ACTOR names', () => {
    expect(cliActor({})).toBe(`cli:${userInfo().username}`);
    expect(cliActor({ SECON_BOT_ACTOR: ' maria.k ' })).toBe('cli:maria.k');
    expect(cliActor({ SECON_BOT_ACTOR: 'Ģirts' })).toBe('cli:Ģirts');
    expect(cliActor({ SECON_BOT_ACTOR: '' })).toBe(`cli:${userInfo().username}`);
  });

  it('refuses a name that could pass for another actor or break a log line', () => {
    for (const bad of ['web:aida', 'worker:x:1', 'a b', 'line\nbreak', 'x'.repeat(65)]) {
      expect(() => cliActor({ SECON_BOT_ACTOR: bad }), bad).toThrow(InputError);
    }
  });
});
