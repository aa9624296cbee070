/**
 * rolecount through real discord.js and the emulator: off until a group's roles are set, then counted, 9 roles a
 * page with Prev/Next buttons that only the member who asked can press.
 */
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

  it('pages more than 9 roles, turned with Prev/Next by the member who asked only', async () => {
    const guildId = h.id('guilds', 'demo');
    const guild = h.app.discord.client.guilds.cache.get(guildId)!;
    const member1 = await guild.members.fetch(h.id('users', 'member1'));
    // Eleven vanity roles; role k is held by member1 for k < 3, so counts are 1,1,1 then 0 (by name after that).
    const ids: string[] = [];
    for (let k = 0; k < 11; k++) {
      const role = await guild.roles.create({ name: `vanity-${String(k).padStart(2, '0')}` });
      if (k < 3) await member1.roles.add(role);
      ids.push(role.id);
    }
    h.app.settings.set('rolecount', guildId, 'vanity_roles', ids, 'test');

    const first = await h.say('owner', 'general', '$rolecount vanity');
    const page1 = first.embeds[0]!;
    expect(page1.title).toBe('Role count: Vanity');
    expect(page1.footer?.text).toBe('Page 1 of 2 • 11 roles');
    expect(page1.description?.split('\n')).toHaveLength(9);
    expect(page1.description?.split('\n').slice(0, 4)).toEqual([
      `<@&${ids[0]}>: 1 user`,
      `<@&${ids[1]}>: 1 user`,
      `<@&${ids[2]}>: 1 user`,
      `<@&${ids[3]}>: 0 users`,
    ]);
    expect(JSON.stringify(first.components)).toContain('page:next');

    const press = async (user: string, customId: string) => {
      const click = await h.fake.control.clickButton({ userId: h.id('users', user), messageId: first.id, customId });
      return h.fake.control.waitForInteractionResponse({ interactionId: click.interactionId, timeoutMs: 8000 });
    };
    // Someone else: told privately, the page does not move.
    const other = await press('member3', 'page:next');
    expect(other.ephemeral).toBe(true);
    expect(JSON.stringify(other.callback?.data)).toContain('Only the person who ran this command');

    const next = await press('owner', 'page:next');
    expect(next.callback?.type).toBe(7);
    type Page = { description: string; footer: { text: string } };
    const page2 = (next.callback!.data as { embeds: Page[] }).embeds[0]!;
    expect(page2.footer.text).toBe('Page 2 of 2 • 11 roles');
    expect(page2.description.split('\n')).toEqual([`<@&${ids[9]}>: 0 users`, `<@&${ids[10]}>: 0 users`]);
    expect(textOf(h.fake.world.messages.get(first.id) as never)).toContain(`<@&${ids[10]}>: 0 users`);

    const prev = await press('owner', 'page:prev');
    expect(JSON.stringify(prev.callback?.data)).toContain('Page 1 of 2');
  });
});
