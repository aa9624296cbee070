import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { createScheduler, type DurableScheduler } from '#core/scheduler/index.ts';
import { UserError } from '#discord/commands/errors.ts';
import { getCase, getCaseById, listCases } from '#modules/cases/case-store.ts';
import { CaseTypeRegistry } from '#modules/cases/case-types.ts';
import { setEscalationRule } from './escalation-rules.ts';
import { createExpiryJobs, TEMPBAN_EXPIRED_REASON } from './expiry-jobs.ts';
import { expiryKey, TEMPBAN_EXPIRE_JOB } from './expiry-keys.ts';
import { MemoryGuildPort } from './memory-guild-port.ts';
import { createModLog } from './mod-log.ts';
import { updateModerationSettings } from './moderation-settings.ts';
import type { ModerationDeps, ModerationRequest } from './moderation-types.ts';
import { setModlogRoute } from './modlog-routes.ts';
import { runModeration } from './run-moderation.ts';

const G = '110000000000000000';
const OWNER = '120000000000000001';
const BOT = '120000000000000002';
const MOD = '120000000000000003';
const ALICE = '120000000000000004';
const ADMIN = '120000000000000005';
const OUTSIDER = '120000000000000006';
const ROLE_MOD = '130000000000000001';
const ROLE_MEMBER = '130000000000000002';
const ROLE_ADMIN = '130000000000000003';
const ROLE_JAIL = '130000000000000004';
const ROLE_HIGH = '130000000000000005';
const LOG = '140000000000000001';
const WARN_LOG = '140000000000000002';
const JAIL_CH = '140000000000000003';

let t: TempDb;
let scheduler: DurableScheduler;
let guild: MemoryGuildPort;
let deps: ModerationDeps;
let clock: number;

beforeEach(async () => {
  t = await openTempDb();
  clock = Date.now();
  const log = pino({ level: 'silent' });
  scheduler = createScheduler({ db: t.db, log, now: () => clock });
  guild = new MemoryGuildPort(G, 'Penguins', OWNER, BOT, 50);
  for (const [id, position] of [
    [ROLE_MEMBER, 1],
    [ROLE_JAIL, 2],
    [ROLE_MOD, 10],
    [ROLE_ADMIN, 40],
    [ROLE_HIGH, 60],
  ] as const) {
    guild.roles.set(id, { position });
  }
  guild.channels.add(LOG).add(WARN_LOG).add(JAIL_CH);
  guild
    .addMember({ id: OWNER, tag: 'owner', roles: [] })
    .addMember({ id: MOD, tag: 'mod', roles: [ROLE_MOD] })
    .addMember({ id: ADMIN, tag: 'admin', roles: [ROLE_ADMIN] })
    .addMember({ id: ALICE, tag: 'alice', roles: [ROLE_MEMBER] });
  guild.users.set(OUTSIDER, { id: OUTSIDER, tag: 'outsider', bot: false });
  setModlogRoute(t.db, G, '*', LOG);
  deps = {
    db: t.db,
    types: new CaseTypeRegistry(),
    scheduler,
    log,
    modLog: createModLog({ db: t.db, log }),
    resolveGuild: async (id) => (id === G ? guild : null),
    now: () => clock,
    retry: { sleep: async () => {} },
  };
});
afterEach(async () => {
  await scheduler.stop();
  t.cleanup();
});

const act = (action: string, targetId: string, extra: Partial<ModerationRequest> = {}) =>
  runModeration(deps, { guild, action, moderatorId: MOD, targetId, ...extra });

describe('pipeline', () => {
  it('bans with a DM before the ban, a case, a mod-log post with its message id stored', async () => {
    const out = await act('ban', ALICE, { reason: 'spam', purgeDays: 2 });
    expect(guild.banned.get(ALICE)).toEqual({ deleteMessageSeconds: 172800, reason: 'spam' });
    expect(guild.calls.indexOf('dm')).toBeLessThan(guild.calls.indexOf('ban'));
    expect(out.dmSent).toBe(true);
    expect(guild.dms[0]?.embed.title).toBe('You have been banned');
    expect(out.case).toMatchObject({ number: 1, type: 'BAN', reason: 'spam', active: true });
    const post = guild.posts[0]!;
    expect(post.channelId).toBe(LOG);
    expect(post.embed.author?.name).toBe('Case #1 (BAN)');
    expect(getCase(t.db, G, 1)?.modLogMessageId).toBe(post.messageId);
  });

  it('warns with the DM after the case, and -silent sends none', async () => {
    await act('warn', ALICE);
    expect(guild.dms).toHaveLength(1);
    expect(guild.dms[0]?.embed.title).toBe('You have been warned');
    const silent = await act('warn', ALICE, { silent: true });
    expect(silent.dmSent).toBe(false);
    expect(guild.dms).toHaveLength(1);
    expect(silent.case.number).toBe(2);
  });

  it('routes a case type to its own channel', async () => {
    setModlogRoute(t.db, G, 'WARN', WARN_LOG);
    await act('warn', ALICE);
    await act('kick', ALICE);
    expect(guild.posts.map((p) => p.channelId)).toEqual([WARN_LOG, LOG]);
  });

  it('keeps acting when the mod-log channel is gone', async () => {
    setModlogRoute(t.db, G, '*', '149999999999999999');
    const out = await act('warn', ALICE);
    expect(out.case.modLogMessageId).toBeNull();
    expect(out.case.active).toBe(true);
  });

  it('refuses by hierarchy, self-moderation and the owner, changing nothing', async () => {
    await expect(act('ban', MOD)).rejects.toThrow('You cannot moderate yourself.');
    await expect(act('kick', ADMIN)).rejects.toThrow('equal or higher role than yours');
    await expect(act('kick', OWNER)).rejects.toThrow('server owner');
    guild.addMember({ id: '120000000000000009', tag: 'high', roles: [ROLE_HIGH] });
    await expect(act('kick', '120000000000000009', { moderatorId: OWNER })).rejects.toThrow('higher than mine');
    await expect(act('kick', OUTSIDER)).rejects.toThrow('outsider is not in this server.');
    await expect(act('ban', '1')).rejects.toThrow('is not a user');
    await expect(act('ban', '129999999999999999')).rejects.toThrow('no Discord user');
    await expect(act('warn', ALICE, { reason: 'x'.repeat(2001) })).rejects.toThrow(UserError);
    expect(listCases(t.db, { guildId: G })).toHaveLength(0);
    expect(guild.dms).toHaveLength(0);
  });

  it('voids the case with the reason when Discord refuses, and retries only 5xx', async () => {
    guild.failNext('kick', 403);
    const out = await act('kick', ALICE, { reason: 'rude', silent: true });
    expect(out.failure?.kind).toBe('forbidden');
    expect(out.failure?.message).toContain('Kick Members');
    expect(out.case.active).toBe(false);
    expect(out.case.reason).toMatch(/^rude \[VOIDED: I could not kick alice: Discord refused \(Missing Permissions\)/);
    expect(guild.calls.filter((c) => c === 'kick')).toHaveLength(1);

    guild.failNext('kick', 502, 500);
    const ok = await act('kick', ALICE, { silent: true });
    expect(ok.failure).toBeNull();
    expect(guild.calls.filter((c) => c === 'kick')).toHaveLength(4);
    expect(ok.case.number).toBe(2);
  });

  it('hackbans only users outside the guild, with no DM', async () => {
    await expect(act('hackban', ALICE)).rejects.toThrow('use `ban` instead');
    const out = await act('hackban', OUTSIDER);
    expect(out.case.type).toBe('HACKBAN');
    expect(guild.banned.has(OUTSIDER)).toBe(true);
    expect(guild.dms).toHaveLength(0);
  });

  it('clamps timeouts to 28 days with a notice, refuses a second one, and untimeout closes it', async () => {
    const out = await act('timeout', ALICE, { durationMs: 40 * 86_400_000 });
    expect(out.notices[0]).toContain('28 days');
    expect(guild.members.get(ALICE)?.timedOutUntil).toBe(clock + 28 * 86_400_000);
    const key = expiryKey(G, 'TIMEOUT', ALICE);
    expect(scheduler.get(key)?.status).toBe('pending');
    await expect(act('timeout', ALICE, { durationMs: 60_000 })).rejects.toThrow('alice is already timed out.');
    const un = await act('untimeout', ALICE);
    expect(guild.members.get(ALICE)?.timedOutUntil).toBeNull();
    expect(getCase(t.db, G, out.case.number)).toMatchObject({ active: false, processed: true });
    expect(scheduler.get(key)?.status).toBe('cancelled');
    expect(un.case.type).toBe('UNTIMEOUT');
    await expect(act('untimeout', ALICE)).rejects.toThrow('alice is not timed out.');
  });

  it('jails with stored roles and restores the assignable ones on unjail', async () => {
    await expect(act('jail', ALICE)).rejects.toThrow('No jail role found.');
    updateModerationSettings(t.db, G, { jailRoleId: ROLE_JAIL, jailChannelId: JAIL_CH });
    guild.members.get(ALICE)?.roles.push(ROLE_MOD);
    guild.addMember({ id: '120000000000000010', tag: 'bob', roles: [ROLE_MEMBER] });
    const out = await act('jail', ALICE, { moderatorId: ADMIN });
    expect(out.case.userRoles.sort()).toEqual([ROLE_MEMBER, ROLE_MOD].sort());
    expect(guild.members.get(ALICE)?.roles).toEqual([ROLE_JAIL]);
    await expect(act('jail', ALICE, { moderatorId: ADMIN })).rejects.toThrow('User is already jailed.');
    guild.roles.delete(ROLE_MOD);
    await act('unjail', ALICE, { moderatorId: ADMIN });
    expect(guild.members.get(ALICE)?.roles).toEqual([ROLE_MEMBER]);
    expect(getCase(t.db, G, out.case.number)?.active).toBe(false);
    await expect(act('unjail', ALICE, { moderatorId: ADMIN })).rejects.toThrow('User is not jailed.');
  });

  it('tracks snippet and poll bans as flags', async () => {
    await expect(act('snippetunban', ALICE)).rejects.toThrow('User is not snippet banned.');
    await act('snippetban', ALICE);
    await expect(act('snippetban', ALICE)).rejects.toThrow('User is already snippet banned.');
    await act('pollban', ALICE);
    await act('warn', ALICE);
    await expect(act('pollban', ALICE)).rejects.toThrow('User is already poll banned.');
    await act('pollunban', ALICE);
    await act('snippetunban', ALICE);
  });
});

describe('expiry', () => {
  it('lifts a tempban at expiry with an UNBAN case by the bot and a mod-log post', async () => {
    const out = await act('tempban', ALICE, { durationMs: 60_000, silent: true });
    const job = scheduler.get(expiryKey(G, 'TEMPBAN', ALICE));
    expect(job?.type).toBe(TEMPBAN_EXPIRE_JOB);
    expect(job?.runAt).toBe(clock + 60_000);
    const jobs = createExpiryJobs(() => deps);
    await jobs[TEMPBAN_EXPIRE_JOB]!(job!);
    expect(guild.banned.has(ALICE)).toBe(false);
    const unban = getCase(t.db, G, 2)!;
    expect(unban).toMatchObject({ type: 'UNBAN', moderatorId: BOT, reason: TEMPBAN_EXPIRED_REASON });
    expect(getCaseById(t.db, out.case.id)).toMatchObject({ active: false, processed: true });
    expect(guild.posts.at(-1)?.embed.author?.name).toBe('Case #2 (UNBAN)');
    // Delivered twice: the second run finds the case closed and does nothing.
    await jobs[TEMPBAN_EXPIRE_JOB]!(job!);
    expect(listCases(t.db, { guildId: G })).toHaveLength(2);
  });

  it('has the expiry job stored before the DM, the reply and the mod-log post', async () => {
    // A shutdown right after the reply must not leave the tempban without its expiry.
    const seen: (string | undefined)[] = [];
    await act('tempban', ALICE, {
      durationMs: 60_000,
      respond: async () => {
        seen.push(scheduler.get(expiryKey(G, 'TEMPBAN', ALICE))?.status);
      },
    });
    expect(seen).toEqual(['pending']);
  });

  it('a manual unban closes the tempban and cancels its expiry', async () => {
    await act('tempban', ALICE, { durationMs: 60_000 });
    await act('unban', ALICE);
    expect(scheduler.get(expiryKey(G, 'TEMPBAN', ALICE))?.status).toBe('cancelled');
  });
});

describe('escalation', () => {
  it('applies the rule a member just reached, as the bot, with the threshold in the reason', async () => {
    setEscalationRule(t.db, G, { warnCount: 2, windowMs: 86_400_000, action: 'timeout', durationMs: 3_600_000 });
    setEscalationRule(t.db, G, { warnCount: 3, windowMs: 86_400_000, action: 'kick', durationMs: null });
    const first = await act('warn', ALICE, { silent: true });
    expect(first.escalation).toBeNull();
    const second = await act('warn', ALICE, { silent: true });
    expect(second.escalation?.case).toMatchObject({ type: 'TIMEOUT', moderatorId: BOT, number: 3 });
    expect(second.escalation?.case.reason).toContain('2 active warnings');
    expect(guild.members.get(ALICE)?.timedOutUntil).toBe(clock + 3_600_000);
    const third = await act('warn', ALICE, { silent: true });
    expect(third.escalation?.case.type).toBe('KICK');
    expect(guild.members.has(ALICE)).toBe(false);
  });
});
