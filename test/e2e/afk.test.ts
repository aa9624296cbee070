/**
 * AFK through the real app and the emulator: the nickname rule at 25 and 26 characters, mention notices that are
 * rate-limited per channel and delete themselves, the welcome back after 10 s, permanent AFK, clearafk, and the
 * self-timeout with its bounds, confirmation, DM, Discord timeout and enforced AFK.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityFixture } from './community-fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const say = async (content: string, user: string) => textOf(await h.say(user, 'general', content));
const member = (userId: string) => h.fake.world.guilds.get(gid)!.members.get(userId);
const botMessages = () => h.fake.world.channelMessages(C('general')).filter((m) => m.author_id === h.fake.botId);

async function waitFor(what: string, cond: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function newMember(globalName: string): Promise<string> {
  const u = await h.fake.control.createUser({ username: `u${Date.now() % 100000}${globalName.length}`, globalName });
  await h.fake.control.joinGuild({ guildId: gid, userId: u.id });
  return u.id;
}

beforeAll(async () => {
  h = await startHarness({ fixture: communityFixture() });
  gid = h.id('guilds', 'demo');
  await say('$config module afk notice_seconds 2', 'owner');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('afk', () => {
  it('renames with Tux’s truncation rule at 25 and 26 characters', async () => {
    const n25 = 'A'.repeat(25);
    const n26 = 'B'.repeat(26);
    const a = await newMember(n25);
    const b = await newMember(n26);
    const send = async (userId: string) => {
      const sent = await h.fake.control.sendMessage({ channelId: C('general'), userId, content: '$afk' });
      return h.fake.control.waitForMessage({ channelId: C('general'), after: sent.id, timeoutMs: 5000 });
    };
    expect(textOf(await send(a))).toMatch(/You are now afk! Reason: `No reason\.`/);
    await send(b);
    expect(member(a)?.nick).toBe(`[AFK] ${n25}`);
    expect(member(b)?.nick).toBe(`[AFK] ${'B'.repeat(23)}...`);
    expect(member(b)?.nick).toHaveLength(32);
  });

  it('tells who mentions an AFK member, once per channel, and the notice deletes itself', async () => {
    const text = await say(`$afk lunch <@${U('member2')}> discord.gg/spam`, 'member1');
    expect(text).toMatch(/You are now afk! Reason: `lunch \[invite removed\]`/);
    expect(member(U('member1'))?.nick).toBe('[AFK] Carol');
    expect(await say('$afk again', 'member1')).toMatch(/You are already AFK! Reason: `lunch \[invite removed\]`/);
    const notice = await h.say('member2', 'general', `hey <@${U('member1')}>`);
    expect(notice.content).toMatch(
      new RegExp(`<@${U('member1')}> is currently AFK: "lunch \\[invite removed\\]" \\[<t:\\d+:R>\\]`),
    );
    const before = botMessages().length;
    await h.send('member3', 'general', `<@${U('member1')}> you there?`);
    await new Promise((r) => setTimeout(r, 600));
    expect(botMessages().length).toBe(before);
    await waitFor('the notice deleted', () => !h.fake.world.messages.has(notice.id));
  });

  it('welcomes back a member who chats 10 s after going AFK, and restores the nickname', async () => {
    await h.send('member1', 'general', 'still here');
    await new Promise((r) => setTimeout(r, 300));
    expect(member(U('member1'))?.nick).toBe('[AFK] Carol');
    await new Promise((r) => setTimeout(r, 10_000));
    const back = await h.say('member1', 'general', 'I am back');
    expect(back.content).toBe('Welcome back!');
    await waitFor('the nickname restored', () => member(U('member1'))?.nick === null);
    await waitFor('the welcome deleted', () => !h.fake.world.messages.has(back.id));
  }, 30_000);

  it('keeps a permanent AFK through chat until toggled', async () => {
    expect(await say('$permafk away for a while', 'member2')).toMatch(/You are now permanently afk!/);
    expect(member(U('member2'))?.nick).toBe('[AFK] Davey');
    expect(await say('$permafk', 'member2')).toBe('Welcome back!');
    expect(member(U('member2'))?.nick).toBe('Davey');
  });

  it('clears an AFK by clearafk, and only staff clear another’s', async () => {
    await say('$afk brb', 'member3');
    expect(await say(`$clearafk <@${U('member3')}>`, 'member2')).toMatch(/Only staff/);
    expect(await say('$unafk', 'member3')).toMatch(/AFK cleared/);
    expect(await say('$unafk', 'member3')).toMatch(/You are not AFK/);
  });
});

describe('self-timeout', () => {
  it('refuses durations outside 5 minutes to 7 days', async () => {
    expect(await say('$sto 4m', 'member3')).toMatch(/duration cannot be less than 5 minutes/);
    expect(await say('$sto 8d', 'member3')).toMatch(/duration cannot be longer than 7 days/);
    expect(member(U('member3'))?.communication_disabled_until ?? null).toBeNull();
  });

  it('asks for confirmation, then times out with an enforced AFK and a DM', async () => {
    const dialog = await h.say('member3', 'general', '$sto 10m focus time');
    expect(textOf(dialog)).toMatch(/you cannot cancel it or remove it early/);
    const click = await h.fake.control.clickButton({
      userId: U('member3'),
      messageId: dialog.id,
      customId: 'confirm:yes',
    });
    await h.fake.control.waitForInteractionResponse({ interactionId: click.interactionId, timeoutMs: 5000 });
    await waitFor('the timeout', () => Boolean(member(U('member3'))?.communication_disabled_until));
    const until = Date.parse(member(U('member3'))!.communication_disabled_until!);
    expect(until - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(member(U('member3'))?.nick).toBe('[AFK] Erin');
    const dms = (await h.fake.control.dmMessages({ userId: U('member3') })).map(textOf);
    expect(
      dms.some((t) => /You have timed yourself out in guild Tux Demo for .* with the reason "focus time"/.test(t)),
    ).toBe(true);
    expect(h.app.scheduler.get(`afk:${gid}:${U('member3')}`)?.status).toBe('pending');
    const row = h.app.db.sqlite
      .prepare('SELECT enforced, until FROM afk WHERE guild_id = ? AND user_id = ?')
      .get(gid, U('member3')) as { enforced: number; until: number } | undefined;
    expect(row?.enforced).toBe(1);
    expect(Math.abs((row?.until ?? 0) - until)).toBeLessThan(5000);
  });
});
