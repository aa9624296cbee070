import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { createScheduler } from '#core/scheduler/index.ts';
import { getCase, listCases } from '#modules/cases/case-store.ts';
import { CaseTypeRegistry } from '#modules/cases/case-types.ts';
import { createExpiryJobs, JAIL_EXPIRED_REASON, TEMPBAN_EXPIRED_REASON } from './expiry-jobs.ts';
import { MemoryGuildPort } from './memory-guild-port.ts';
import { createModLog } from './mod-log.ts';
import { updateModerationSettings } from './moderation-settings.ts';
import type { ModerationDeps } from './moderation-types.ts';
import { runModeration } from './run-moderation.ts';

const G = '110000000000000000';
const BOT = '120000000000000002';
const MOD = '120000000000000003';
const ALICE = '120000000000000004';
const BOB = '120000000000000005';
const ROLE_MOD = '130000000000000001';
const ROLE_MEMBER = '130000000000000002';
const ROLE_JAIL = '130000000000000004';

let t: TempDb;
beforeEach(async () => {
  t = await openTempDb();
});
afterEach(() => t.cleanup());

function makeGuild(): MemoryGuildPort {
  const guild = new MemoryGuildPort(G, 'Penguins', '120000000000000001', BOT, 50);
  guild.roles.set(ROLE_MEMBER, { position: 1 }).set(ROLE_JAIL, { position: 2 }).set(ROLE_MOD, { position: 10 });
  guild.channels.add('140000000000000003');
  guild.addMember({ id: MOD, tag: 'mod', roles: [ROLE_MOD] });
  guild.addMember({ id: ALICE, tag: 'alice', roles: [ROLE_MEMBER] });
  guild.addMember({ id: BOB, tag: 'bob', roles: [ROLE_MEMBER] });
  return guild;
}

it('runs tempban and jail expiries that fell due while the appliance was down, at the next start', async () => {
  const log = pino({ level: 'silent' });
  const guild = makeGuild();
  let clock = Date.now();
  const types = new CaseTypeRegistry();
  const depsFor = (db: ModerationDeps['db'], scheduler: ModerationDeps['scheduler']): ModerationDeps => ({
    db,
    types,
    scheduler,
    log,
    modLog: createModLog({ db, log }),
    resolveGuild: async () => guild,
    now: () => clock,
  });

  // First run: a tempban and a temporary jail, then the appliance stops.
  const first = createScheduler({ db: t.db, log, now: () => clock });
  const deps1 = depsFor(t.db, first);
  updateModerationSettings(t.db, G, { jailRoleId: ROLE_JAIL, jailChannelId: '140000000000000003' });
  await runModeration(deps1, { guild, action: 'tempban', moderatorId: MOD, targetId: ALICE, durationMs: 60_000 });
  await runModeration(deps1, { guild, action: 'jail', moderatorId: MOD, targetId: BOB, durationMs: 60_000 });
  expect(guild.banned.has(ALICE)).toBe(true);
  expect(guild.members.get(BOB)?.roles).toEqual([ROLE_JAIL]);
  await first.stop();
  t.db.close();

  // Down for an hour; a new process opens the same file and starts.
  clock += 3_600_000;
  const db = await t.reopen();
  const second = createScheduler({ db, log, now: () => clock });
  let deps2: ModerationDeps | null = null;
  deps2 = depsFor(db, second);
  for (const [type, handler] of Object.entries(createExpiryJobs(() => deps2))) second.handle(type, handler);
  await second.start();
  try {
    await expect.poll(() => listCases(db, { guildId: G }).length, { timeout: 5000 }).toBe(4);
  } finally {
    await second.stop();
  }
  expect(guild.banned.has(ALICE)).toBe(false);
  expect(guild.members.get(BOB)?.roles).toEqual([ROLE_MEMBER]);
  const reasons = listCases(db, { guildId: G }).map(
    (c) => `${c.type}:${c.moderatorId === BOT ? 'bot' : 'mod'}:${c.reason}`,
  );
  expect(reasons).toEqual(
    expect.arrayContaining([`UNBAN:bot:${TEMPBAN_EXPIRED_REASON}`, `UNJAIL:bot:${JAIL_EXPIRED_REASON}`]),
  );
  expect(getCase(db, G, 1)).toMatchObject({ type: 'TEMPBAN', active: false, processed: true });
  expect(getCase(db, G, 2)).toMatchObject({ type: 'JAIL', active: false });
});
