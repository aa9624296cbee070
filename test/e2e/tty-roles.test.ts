/** tty_roles through real discord.js and the emulator: off until configured, then the /dev/tty role on join. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

describe('tty_roles', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  const rolesOf = (userId: string) => {
    const guild = h.fake.world.guild(h.id('guilds', 'demo'));
    const member = guild.members.get(userId);
    return (member?.roles ?? []).map((id) => guild.roles.get(id)?.name);
  };

  it('gives nothing until a server turns it on, then /dev/tty0 in a small server', async () => {
    const guildId = h.id('guilds', 'demo');
    h.app.settings.set('tty_roles', guildId, 'delay_seconds', 0, 'test');
    const quiet = await h.fake.control.createUser({ username: 'quiet' });
    await h.fake.control.joinGuild({ guildId, userId: quiet.id });
    h.app.settings.set('tty_roles', guildId, 'assign', true, 'test');
    const tty = await h.fake.control.createUser({ username: 'tty' });
    await h.fake.control.joinGuild({ guildId, userId: tty.id });
    const until = Date.now() + 8000;
    while (!rolesOf(tty.id).includes('/dev/tty0') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(rolesOf(tty.id)).toContain('/dev/tty0');
    expect(rolesOf(quiet.id)).not.toContain('/dev/tty0');
  });
});
