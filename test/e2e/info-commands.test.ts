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

  it('counts members, humans and bots', async () => {
    const text = textOf(await say('$membercount'));
    expect(text).toMatch(/Members: \d+/);
    expect(text).toMatch(/Humans: \d+/);
    expect(text).toMatch(/Bots: [1-9]/);
  });
});
