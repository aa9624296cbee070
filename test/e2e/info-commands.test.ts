/** info views and membercount through real discord.js and the emulator. */
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('info commands', () => {
  let h: Harness;
  const say = async (text: string, user = 'member1'): Promise<APIMessage> => h.say(user, 'general', text);
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows a member with roles, dates and booleans as Tux', async () => {
    const m = await say(`$info user <@${h.id('users', 'moderator')}>`);
    expect(m.flags ?? 0).toBe(1 << 15); // Components V2
    const text = textOf(m);
    expect(text).toContain('**Username**\nbob');
    expect(text).toContain(`**ID**\n${h.id('users', 'moderator')}`);
    expect(text).toContain('**Bot**\n❌');
    expect(text).toContain(`<@&${h.id('roles', 'moderatorRole')}>`);
    expect(text).toMatch(/\*\*Registered\*\*\n<t:\d+:R>/);
  });

  it('shows a user who is not a member, the server, a role and a channel', async () => {
    expect(textOf(await say(`$i u ${h.id('users', 'outsider')}`))).toContain('(not a member here)');
    const server = textOf(await say('$info server'));
    expect(server).toContain('## Tux Demo');
    expect(server).toContain(`<@${h.id('users', 'owner')}>`);
    const role = textOf(await say('$info role Moderator'));
    expect(role).toContain('## Moderator');
    expect(role).toContain('Kick Members');
    expect(role).toContain('**Hoisted**\n✅');
    const channel = textOf(await say('$info channel'));
    expect(channel).toContain('## #general');
    expect(channel).toContain('**Type**\nGuildText');
  });

  it('answers by slash to the caller only, and explains an unknown emoji', async () => {
    const r = await h.slash('member1', 'general', { name: 'info', subcommand: 'server' });
    expect(r.original?.flags ?? 0).toBe((1 << 15) | 64);
    expect(textOf(await say('$info emoji :nothere:'))).toContain("I can't find an emoji `:nothere:` in this server.");
  });

  it('shows an invite from any link form, with uses when the bot may list the server invites', async () => {
    const invite = await h.fake.control.createInvite({
      channelId: h.id('channels', 'general'),
      userId: h.id('users', 'moderator'),
      maxAge: 7200,
      maxUses: 10,
    });
    const user = await h.fake.control.createUser({ username: 'newbie' });
    await h.fake.control.joinWithInvite({ code: invite.code as string, userId: user.id });
    const m = await say(`$info invite https://discord.gg/${invite.code}`);
    expect(m.flags ?? 0).toBe(1 << 15);
    const text = textOf(m);
    expect(text).toContain('## Invite to Tux Demo');
    expect(text).toContain(`**Code:** ${invite.code}`);
    expect(text).toContain(`**Channel**\n<#${h.id('channels', 'general')}>`);
    expect(text).toContain(`**Inviter**\n<@${h.id('users', 'moderator')}>`);
    expect(text).toMatch(/\*\*Expires\*\*\n<t:\d+:R>/);
    expect(text).toContain('**Temporary**\n');
    expect(text).toMatch(/\*\*Members\*\*\n\d+/);
    // The demo bot may not manage the server: uses are not listed to it.
    expect(text).toContain('**Uses**\nUnknown');

    const demo = h.fake.world.guild(h.id('guilds', 'demo'));
    const botRole = demo.roles.get(h.id('roles', 'botRole'))!;
    const saved = botRole.permissions;
    botRole.permissions = String(BigInt(saved) | (1n << 5n)); // MANAGE_GUILD
    try {
      const managed = textOf(await say(`$i inv discord.com/invite/${invite.code}`));
      expect(managed).toContain('**Uses**\n1/10');
      expect(managed).toContain('**Max age**\n2h');
    } finally {
      botRole.permissions = saved;
    }
  });

  it('says so for an unknown, expired or malformed invite, by prefix and by slash', async () => {
    const expired = await h.fake.control.createInvite({
      channelId: h.id('channels', 'general'),
      userId: h.id('users', 'moderator'),
      maxAge: 60,
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(textOf(await say(`$info invite ${expired.code}`))).toContain(
      `I couldn't find the invite \`${expired.code}\`: it is unknown or has expired.`,
    );
    expect(textOf(await say('$info invite discord.gg/nosuchcode'))).toContain(
      "I couldn't find the invite `nosuchcode`: it is unknown or has expired.",
    );
    expect(textOf(await say('$info invite https://example.com/what?'))).toContain('is not an invite code or link');
    const r = await h.slash('member1', 'general', {
      name: 'info',
      subcommand: 'invite',
      options: { invite_code: 'discord.gg/nosuchcode' },
    });
    expect(r.original?.flags ?? 0).toBe(64);
    expect(textOf(r.original)).toContain('unknown or has expired');
  });

  it('counts members, humans and bots', async () => {
    const text = textOf(await say('$membercount'));
    expect(text).toMatch(/Members: \d+/);
    expect(text).toMatch(/Humans: \d+/);
    expect(text).toMatch(/Bots: [1-9]/);
  });
});
