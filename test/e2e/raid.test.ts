/**
 * Raid protection and the antinuke guard through the real app, discord.js and the emulator: 30 joins in 5 s
 * switch raid mode on (the mod log is told, later joiners are timed out as cases by the bot), raid mode ends by
 * command or after a quiet period without joins; the account-age gate; and a member deleting channels and roles
 * past the threshold loses their roles, while the owner and a trusted member do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCases } from '#modules/cases/case-store.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const R = (key: string) => h.id('roles', key);
const say = async (content: string, user = 'owner') => textOf(await h.say(user, 'reportLog', content));
const modLogTexts = () => h.fake.world.channelMessages(C('modLog')).map((m) => textOf(m as never));

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  h = await startHarness();
  gid = h.id('guilds', 'demo');
  expect(await say(`$modlog set <#${C('modLog')}>`)).toMatch(/Cases will be logged in/);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('raid mode', () => {
  it('refuses thresholds out of range and changes nothing', async () => {
    expect(await say('$config module automod raid_joins 5000')).toMatch(/500|too big|at most/i);
    expect(h.app.settings.get<{ raid_joins: number }>('automod', gid).raid_joins).toBe(0);
  });

  it('30 joins in 5 s switch raid mode on; later joiners are timed out; the command ends it', async () => {
    await say('$config module automod raid_joins 20');
    await say('$config module automod raid_seconds 10');
    const before = listCases(h.app.db, { guildId: gid, type: 'TIMEOUT' }).length;
    await h.fake.control.joinBurst({ guildId: gid, count: 30, spreadMs: 3000 });
    await waitFor('raid mode', () => modLogTexts().some((t) => t.includes('Raid mode on')));
    // Joiners after the threshold (the 20th) are timed out by the bot, each a numbered case.
    await waitFor(
      'timeouts for the later joiners',
      () => listCases(h.app.db, { guildId: gid, type: 'TIMEOUT' }).length >= before + 10,
    );
    const timeout = listCases(h.app.db, { guildId: gid, type: 'TIMEOUT' })[0]!;
    expect(timeout.moderatorId).toBe(h.fake.botId);
    expect(timeout.reason).toMatch(/Raid protection/);
    expect(await say('$automod raid status')).toMatch(/Raid mode is \*\*on\*\*/);
    expect(await say('$automod raid off')).toMatch(/Raid mode is off/);
    await waitFor('the off notice', () => modLogTexts().some((t) => t.includes('Raid mode off')));
    expect(await say('$automod raid off')).toMatch(/not on/);
    await say('$config module automod raid_joins 0');
  }, 60_000);

  it('ends by itself after the configured quiet period without a join', async () => {
    await say('$config module automod raid_joins 5');
    await say('$config module automod raid_seconds 10');
    await say('$config module automod raid_quiet_minutes 1');
    const count = (title: string) => modLogTexts().filter((t) => t.includes(title)).length;
    const [onBefore, offBefore] = [count('Raid mode on'), count('Raid mode off')];
    await h.fake.control.joinBurst({ guildId: gid, count: 8, spreadMs: 500 });
    await waitFor('raid mode', () => count('Raid mode on') > onBefore);
    expect(await say('$automod raid status')).toMatch(/Raid mode is \*\*on\*\*/);
    const lastJoin = Date.now();
    // Nobody joins: the quiet period (1 min) passes and raid mode ends on its own, with a notice.
    await waitFor('raid mode to end after the quiet period', () => count('Raid mode off') > offBefore, 150_000);
    expect(Date.now() - lastJoin).toBeGreaterThanOrEqual(55_000);
    expect(
      modLogTexts()
        .filter((t) => t.includes('Raid mode off'))
        .at(-1),
    ).toMatch(/No one joined for 1 min/);
    expect(await say('$automod raid status')).not.toMatch(/Raid mode is \*\*on\*\*/);
    await say('$config module automod raid_joins 0');
    await say('$config module automod raid_quiet_minutes 10');
  }, 200_000);

  it('stops accounts younger than the minimum age', async () => {
    await say('$config module automod min_account_age_days 7');
    const { userIds } = await h.fake.control.joinBurst({
      guildId: gid,
      count: 1,
      accountCreatedAt: new Date(Date.now() - 86_400_000).toISOString(),
      usernamePrefix: 'fresh',
    });
    const { userIds: old } = await h.fake.control.joinBurst({
      guildId: gid,
      count: 1,
      accountCreatedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      usernamePrefix: 'seasoned',
    });
    await waitFor(
      'the young account kicked',
      async () => (await h.fake.control.member({ guildId: gid, userId: userIds[0]! })) === null,
    );
    expect(listCases(h.app.db, { guildId: gid, userId: userIds[0]!, type: 'KICK' })[0]?.reason).toMatch(
      /Account age gate/,
    );
    expect(await h.fake.control.member({ guildId: gid, userId: old[0]! })).not.toBeNull();
    await say('$config module automod min_account_age_days 0');
  }, 30_000);
});

describe('antinuke', () => {
  it('strips the roles of a member who deletes more than the threshold, and tells the mod log', async () => {
    await say('$config module automod antinuke_threshold 2');
    const guild = h.app.discord.client.guilds.cache.get(gid)!;
    // A trusted member may delete as much as they like.
    expect(await say(`$automod exempt antinuke -user <@${U('moderator')}>`)).toMatch(/exempt from the antinuke guard/);
    const make = async (n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => guild.channels.create({ name: `c${i}` })));
    const ops = await guild.roles.create({ name: 'Ops', permissions: ['ManageChannels', 'ManageRoles'] });
    await h.fake.control.updateMember({ guildId: gid, userId: U('member2'), roles: [R('member'), ops.id] });
    await h.fake.control.updateMember({ guildId: gid, userId: U('moderator'), roles: [R('moderatorRole'), ops.id] });
    for (const ch of await make(3))
      await h.fake.control.memberAction({
        guildId: gid,
        userId: U('moderator'),
        action: 'deleteChannel',
        targetId: ch.id,
      });
    for (const ch of await make(3))
      await h.fake.control.memberAction({
        guildId: gid,
        userId: U('member2'),
        action: 'deleteChannel',
        targetId: ch.id,
      });
    await waitFor('the nuker’s roles removed', async () => {
      const m = await h.fake.control.member({ guildId: gid, userId: U('member2') });
      return m !== null && m.roles.length === 0;
    });
    expect((await h.fake.control.member({ guildId: gid, userId: U('moderator') }))?.roles).toContain(ops.id);
    await waitFor('the antinuke notice', () =>
      modLogTexts().some((t) => t.includes('Antinuke') && t.includes('3 channel deletions')),
    );
    // The owner is never touched.
    for (const ch of await make(3))
      await h.fake.control.memberAction({ guildId: gid, userId: U('owner'), action: 'deleteChannel', targetId: ch.id });
    await new Promise((r) => setTimeout(r, 500));
    expect(modLogTexts().filter((t) => t.includes('Antinuke'))).toHaveLength(1);
  }, 60_000);
});
