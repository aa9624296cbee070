/**
 * Levels through the real app and the emulator: XP from chat (cooldown, multiplier, blacklisted channel, cap,
 * commands not counted), role rewards in both stacking modes and on rejoin, the level-up message, `level`, the
 * leaderboard with an opted-out member, staff commands with bad input, per-guild settings from Discord and the
 * console, and the module switched off in one guild only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminOp } from '#admin/run-op.ts';
import { getLevel } from '#modules/levels/level-store.ts';
import { communityFixture } from './community-fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
let other: string;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const R = (key: string) => h.id('roles', key);
const xpOf = (user: string, guild = gid) => getLevel(h.app.db, guild, U(user)).xp;
const rolesOf = (user: string) => [...(h.fake.world.guilds.get(gid)!.members.get(U(user))?.roles ?? [])];
const say = async (content: string, user = 'owner', channel = 'general') => textOf(await h.say(user, channel, content));
const actor = { id: 'cli:test', role: 'admin' as const };

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends n plain messages and waits until the member's XP has moved by `expected`. */
async function chat(user: string, n: number, expected: number, channel = 'general', guild = gid) {
  const before = xpOf(user, guild);
  for (let i = 0; i < n; i++) await h.send(user, channel, `hello ${i}`);
  if (expected > 0) await waitFor(`${expected} XP`, () => xpOf(user, guild) >= before + expected - 1e-9);
  else await new Promise((r) => setTimeout(r, 300));
  return xpOf(user, guild) - before;
}

beforeAll(async () => {
  h = await startHarness({ fixture: communityFixture() });
  gid = h.id('guilds', 'demo');
  other = h.id('guilds', 'other');
  expect(await say('$config module levels cooldown 0')).toMatch(/levels\.cooldown` is now `0`/);
  expect(await say(`$config module levels xp_roles 5:<@&${R('level5')}>, 10:<@&${R('level10')}>`)).toMatch(/is now/);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('settings', () => {
  it('lists module settings with defaults and refuses bad values without changing them', async () => {
    const list = await say('$config module levels');
    expect(list).toMatch(/exponent\*\* = `2` \(default\)/);
    expect(list).toMatch(/cooldown\*\* = `0`/);
    expect(await say('$config module levels exponent 9')).toMatch(/Not changed: levels\.exponent must be a number 1–5/);
    expect(await say('$config module levels nope 1')).toMatch(/no setting `nope`/);
    expect(await say('$config module dice x 1')).toMatch(/No module `dice` has settings/);
    expect(h.app.settings.get('levels', gid)).toMatchObject({ exponent: 2, cooldown: 0 });
    // Members may not change settings (rank 5).
    expect(await say('$config module levels exponent 3', 'member1')).toMatch(/permission|rank/i);
  });

  it('are listed and changed from the console, audited', async () => {
    const listed = (await runAdminOp(h.app, 'settings.list', {}, actor)) as { module: string }[];
    expect(listed.map((m) => m.module)).toContain('levels');
    await runAdminOp(h.app, 'settings.set', { module: 'levels', guildId: other, key: 'cooldown', value: 0 }, actor);
    const got = await runAdminOp(h.app, 'settings.get', { module: 'levels', guildId: other }, actor);
    expect(got.values.cooldown).toBe(0);
    expect(got.changed).toEqual(['cooldown']);
    await expect(
      runAdminOp(h.app, 'settings.set', { module: 'levels', guildId: other, key: 'cooldown', value: -1 }, actor),
    ).rejects.toThrow(/levels\.cooldown must be an integer 0–3600/);
    const audit = h.app.audit.query({ action: 'settings.set' });
    expect(audit.some((r) => r.actor === 'cli:test' && r.outcome === 'ok')).toBe(true);
    expect(audit.some((r) => r.actor === `discord:${U('owner')}`)).toBe(true);
  });
});

describe('xp from chat', () => {
  it('gives 1 XP per message, none for commands, none in a blacklisted channel', async () => {
    expect(await chat('member3', 3, 3)).toBe(3);
    await say('$level', 'member3');
    expect(xpOf('member3')).toBe(3);
    await say(`$config module levels blacklist_channels <#${C('noXp')}>`);
    expect(await chat('member3', 2, 0, 'noXp')).toBe(0);
  });

  it('applies the largest multiplier and the cooldown', async () => {
    await say(`$config module levels multipliers <@&${R('booster')}>:1.5, <@&${R('member')}>:1.2`);
    await h.fake.control.updateMember({ guildId: gid, userId: U('member2'), roles: [R('member'), R('booster')] });
    await waitFor('roles cached', () => true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await chat('member2', 2, 3)).toBeCloseTo(3, 6);
    // A member who has not chatted yet: the first message counts, the next two fall in the cooldown.
    await say('$config module levels cooldown 60');
    expect(await chat('moderator', 3, 1.2)).toBeCloseTo(1.2, 6);
    await say('$config module levels cooldown 0');
  });
});

describe('role rewards and level-up', () => {
  it('gives the highest reward only, announces the level-up, and stacks when asked', async () => {
    await say(`$config module levels levelup_message true`);
    await say(`$config module levels levelup_channel <#${C('botCommands')}>`);
    expect(await say(`$levels setxp <@${U('member1')}> 499`)).toMatch(/XP Set/);
    await h.send('member1', 'general', 'one more');
    const announce = await h.fake.control.waitForMessage({
      channelId: C('botCommands'),
      authorId: h.fake.botId,
      timeoutMs: 5000,
    });
    expect(announce.content).toBe(`🎉 <@${U('member1')}> reached level **5**!`);
    await waitFor('level 5 role', () => rolesOf('member1').includes(R('level5')));
    expect(getLevel(h.app.db, gid, U('member1')).level).toBe(5);

    const set = await say(`$levels set <@${U('member1')}> 10`);
    expect(set).toMatch(/level has been updated from \*\*5\*\* to \*\*10\*\*/);
    expect(set).toMatch(/XP has been updated from \*\*500\*\* to \*\*2000\*\*/);
    expect(rolesOf('member1')).toContain(R('level10'));
    expect(rolesOf('member1')).not.toContain(R('level5'));

    await say('$config module levels stack_roles true');
    await say(`$levels set <@${U('member1')}> 12`);
    expect(rolesOf('member1')).toEqual(expect.arrayContaining([R('level5'), R('level10')]));
    await say('$config module levels stack_roles false');
    await say(`$levels set <@${U('member1')}> 6`);
    expect(rolesOf('member1')).toContain(R('level5'));
    expect(rolesOf('member1')).not.toContain(R('level10'));
  });

  it('gives rewards back when a member rejoins', async () => {
    await h.fake.control.leaveGuild({ guildId: gid, userId: U('member1') });
    await h.fake.control.joinGuild({ guildId: gid, userId: U('member1'), roles: [] });
    await waitFor('reward on rejoin', () => rolesOf('member1').includes(R('level5')));
  });

  it('stops XP at the highest reward level when the cap is on', async () => {
    await say('$config module levels xp_cap true');
    expect(await say(`$levels setxp <@${U('member1')}> 1999`)).toMatch(/XP Set/);
    expect(xpOf('member1')).toBe(1999);
    await chat('member1', 3, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(xpOf('member1')).toBe(2000);
    const shown = await h.slash('member1', 'general', { name: 'level' });
    expect(textOf(shown.original)).toMatch(/Level 10/);
    expect(textOf(shown.original)).toMatch(/2000 \(limit reached\)/);
    await say('$config module levels xp_cap false');
  });
});

describe('level and leaderboard', () => {
  it('shows progress as Tux does', async () => {
    await say(`$levels setxp <@${U('member3')}> 600`);
    const text = await say('$level', 'member3');
    expect(text).toMatch(/Level 5/);
    expect(text).toMatch(/`▰▰▰▰▱▱▱▱▱▱` 100\/220/);
    expect(text).toMatch(/Total XP: 600/);
    await say('$config module levels show_progress false');
    expect(await say(`$xp <@${U('member3')}>`, 'member1')).toBe('**Level 5** - `XP: 600`');
    await say('$config module levels show_progress reset');
  });

  it('ranks members, leaves out one who opted out, and can be switched off', async () => {
    await say(`$levels setxp <@${U('member2')}> 5000`);
    let board = await say('$levels top', 'member3');
    expect(board).toMatch(new RegExp(`\\*\\*1\\.\\*\\* <@${U('member2')}> · Level 15 · 5000 XP`));
    expect(await say('$levels hide', 'member2')).toMatch(/hidden from the leaderboard/);
    board = textOf((await h.slash('member3', 'general', { name: 'leaderboard' })).original);
    expect(board).not.toContain(U('member2'));
    expect(board).toMatch(new RegExp(`\\*\\*1\\.\\*\\* <@${U('member1')}>`));
    const top = (await runAdminOp(h.app, 'levels.top', { guildId: gid }, actor)) as { userId: string }[];
    expect(top.map((r) => r.userId)).not.toContain(U('member2'));
    await say('$config module levels leaderboard false');
    expect(await say('$levels top', 'member3')).toMatch(/leaderboard is turned off/);
    await say('$config module levels leaderboard true');
  });

  it('refuses out-of-range values and blacklists', async () => {
    const before = xpOf('member3');
    expect(await say(`$levels set <@${U('member3')}> 5000`)).toMatch(/1000/);
    expect(await say(`$levels setxp <@${U('member3')}> -5`)).toMatch(/Invalid|0/);
    expect(xpOf('member3')).toBe(before);
    expect(await say(`$levels blacklist <@${U('member3')}>`)).toMatch(/has been blacklisted from gaining XP/);
    expect(await chat('member3', 2, 0)).toBe(0);
    expect(await say(`$levels bl <@${U('member3')}>`)).toMatch(/unblacklisted/);
    const r = await h.slash('owner', 'general', {
      name: 'levels',
      subcommand: 'reset',
      options: { member: U('member3') },
    });
    expect(textOf(r.original)).toMatch(/XP Reset/);
    expect(xpOf('member3')).toBe(0);
  });
});

describe('per guild', () => {
  it('is switched off in one guild and still on in another', async () => {
    await h.app.modules.disable('levels', { guildId: gid, actor: 'test' });
    expect(await chat('member2', 2, 0)).toBe(0);
    expect(await say('$level', 'member2')).toMatch(/turned off here/);
    expect(await chat('member2', 2, 2, 'otherGeneral', other)).toBe(2);
    await h.app.modules.enable('levels', { guildId: gid, actor: 'test' });
  });
});
