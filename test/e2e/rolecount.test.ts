/** rolecount through real discord.js and the emulator: off until a group's roles are set, then counted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('rolecount plugin', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ owners: ['owner'] });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('counts nothing until a server sets the group’s roles, then counts members per role, largest first', async () => {
    const before = textOf(await h.say('member1', 'general', '$rolecount distro'));
    expect(before).toContain('Nothing To Count');
    expect(before).toContain('config module rolecount distro_roles @Role1, @Role2');

    const [member, moderator, jail] = [h.id('roles', 'member'), h.id('roles', 'moderatorRole'), h.id('roles', 'jail')];
    const set = await h.say(
      'owner',
      'general',
      `$config module rolecount distro_roles <@&${jail}>, <@&${member}> <@&${moderator}>`,
    );
    expect(textOf(set)).toContain('rolecount.distro_roles');

    const counted = await h.say('member1', 'general', '$rolecount Distro');
    expect(counted.embeds[0]?.title).toBe('Role count: Distro');
    expect(counted.embeds[0]?.description).toBe(
      [`<@&${member}>: 3 users`, `<@&${moderator}>: 1 user`, `<@&${jail}>: 0 users`].join('\n'),
    );
    const slash = await h.slash('member2', 'general', { name: 'rolecount', options: { which: 'distro' } });
    expect(slash.original?.embeds?.[0]?.description).toContain(`<@&${member}>: 3 users`);
    expect(textOf(await h.say('member3', 'general', '$rolecount editors'))).toContain(
      'No roles are set for Editors in this server.',
    );
    expect(textOf(await h.say('member3', 'general', '$rolecount nonsense'))).toMatch(/distro/i);
  });
});
