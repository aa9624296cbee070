/**
 * A tempban whose automatic unban fails: the expiry job records its UNBAN case once, whatever the number of
 * attempts, and does not retry what Discord refuses for good.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { createScheduler, type DurableScheduler } from '#core/scheduler/index.ts';
import { getCase, listCases } from '#modules/cases/case-store.ts';
import { CaseTypeRegistry } from '#modules/cases/case-types.ts';
import { createExpiryJobs, TEMPBAN_EXPIRED_REASON } from './expiry-jobs.ts';
import { expiryKey } from './expiry-keys.ts';
import { MemoryGuildPort } from './memory-guild-port.ts';
import { createModLog } from './mod-log.ts';
import type { ModerationDeps } from './moderation-types.ts';
import { setModlogRoute } from './modlog-routes.ts';
import { runModeration } from './run-moderation.ts';

const G = '110000000000000000';
const BOT = '120000000000000002';
const MOD = '120000000000000003';
const ALICE = '120000000000000004';
const ROLE_MOD = '130000000000000001';
const ROLE_MEMBER = '130000000000000002';
const MODLOG = '140000000000000003';

let t: TempDb;
let scheduler: DurableScheduler;
let guild: MemoryGuildPort;
let deps: ModerationDeps;
// Real time plus an offset, so the scheduler's short backoff elapses while the tempban is already due.
let offset = 0;

beforeEach(async () => {
  t = await openTempDb();
  offset = 0;
  const log = pino({ level: 'silent' });
  const now = () => Date.now() + offset;
  scheduler = createScheduler({ db: t.db, log, now, backoffBaseMs: 5, backoffMaxMs: 20 });
  guild = new MemoryGuildPort(G, 'Penguins', '120000000000000001', BOT, 50);
  guild.roles.set(ROLE_MEMBER, { position: 1 }).set(ROLE_MOD, { position: 10 });
  guild.channels.add(MODLOG);
  guild.addMember({ id: MOD, tag: 'mod', roles: [ROLE_MOD] });
  guild.addMember({ id: ALICE, tag: 'alice', roles: [ROLE_MEMBER] });
  deps = {
    db: t.db,
    types: new CaseTypeRegistry(),
    scheduler,
    log,
    modLog: createModLog({ db: t.db, log }),
    resolveGuild: async () => guild,
    now,
    retry: { sleep: async () => {} },
  };
  setModlogRoute(t.db, G, '*', MODLOG);
  for (const [type, handler] of Object.entries(createExpiryJobs(() => deps))) scheduler.handle(type, handler);
  await runModeration(deps, { guild, action: 'tempban', moderatorId: MOD, targetId: ALICE, durationMs: 60_000 });
  expect(guild.banned.has(ALICE)).toBe(true);
});

afterEach(async () => {
  await scheduler.stop();
  t.cleanup();
});

const unbanCases = () => listCases(t.db, { guildId: G, type: 'UNBAN', limit: 100 });
const expiryJob = () => scheduler.get(expiryKey(G, 'TEMPBAN', ALICE));

/** Lets the tempban fall due and waits until its job has settled (done or failed). */
async function expireAndSettle(): Promise<void> {
  offset = 120_000;
  await scheduler.start();
  await expect.poll(() => expiryJob()?.status, { timeout: 5000 }).toMatch(/^(done|failed)$/);
}

it('records one voided UNBAN case and stops when Discord refuses the unban (403)', async () => {
  guild.failNext('unban', 403, 403, 403, 403, 403, 403);
  await expireAndSettle();
  const cases = unbanCases();
  expect(cases).toHaveLength(1);
  expect(cases[0]).toMatchObject({ active: false, moderatorId: BOT });
  expect(cases[0]?.reason).toMatch(/^Temporary ban expired \[VOIDED: I could not unban alice: Discord refused/);
  // One Discord call, no retry of a permanent refusal.
  expect(guild.calls.filter((c) => c === 'unban')).toHaveLength(1);
  expect(expiryJob()).toMatchObject({ status: 'done', attempts: 1 });
  // Still banned: the tempban stays active, but settled.
  expect(guild.banned.has(ALICE)).toBe(true);
  expect(getCase(t.db, G, 1)).toMatchObject({ type: 'TEMPBAN', active: true, processed: true });
  const post = guild.posts.at(-1);
  expect(post?.channelId).toBe(MODLOG);
  expect(JSON.stringify(post?.embed)).toMatch(/Ban Members permission[\s\S]*Case #2 was voided/);
});

it('retries a transient failure without recording a case, then records the unban once', async () => {
  // The first attempt exhausts its in-call retries (3 calls); the second attempt's second call succeeds.
  guild.failNext('unban', 500, 502, 503, 500);
  await expireAndSettle();
  expect(expiryJob()).toMatchObject({ status: 'done', attempts: 2 });
  const cases = unbanCases();
  expect(cases).toHaveLength(1);
  expect(cases[0]).toMatchObject({ active: true, reason: TEMPBAN_EXPIRED_REASON });
  expect(guild.banned.has(ALICE)).toBe(false);
  expect(getCase(t.db, G, 1)).toMatchObject({ type: 'TEMPBAN', active: false });
});

it('records one voided UNBAN case when every attempt fails', async () => {
  guild.failNext('unban', ...Array.from({ length: 20 }, () => 500));
  await expireAndSettle();
  const job = expiryJob();
  expect(job).toMatchObject({ status: 'failed', attempts: job?.maxAttempts });
  expect(guild.calls.filter((c) => c === 'unban')).toHaveLength(3 * (job?.maxAttempts ?? 0));
  const cases = unbanCases();
  expect(cases).toHaveLength(1);
  expect(cases[0]?.active).toBe(false);
  expect(cases[0]?.reason).toMatch(/\[VOIDED: I could not unban alice: Discord said "Server Error"/);
  expect(getCase(t.db, G, 1)).toMatchObject({ type: 'TEMPBAN', active: true, processed: true });
});
