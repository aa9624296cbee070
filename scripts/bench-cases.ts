/**
 * Case numbering under load: N moderation actions started at once in one guild, and a check that the case numbers
 * are exactly 1..N. Two ways:
 * - `emulator` (default): the whole appliance (createApp, real SQLite, discord.js) against the Discord emulator,
 *   which enforces Discord's global limit of 50 requests a second; half the warnings arrive as prefix messages,
 *   half as slash commands, and the clock stops when every case has its mod-log post. This is what a moderator
 *   sees. The emulator's request log gives the REST requests per action.
 * - `memory`: the pipeline alone over an in-memory GuildPort: the appliance's own cost, without Discord.
 *
 * `node --import tsx scripts/bench-cases.ts [count] [emulator|memory|both]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openDb } from '#core/db/index.ts';
import { createScheduler } from '#core/scheduler/index.ts';
import { listCases } from '#modules/cases/case-store.ts';
import { CaseTypeRegistry } from '#modules/cases/case-types.ts';
import { MemoryGuildPort } from '#modules/moderation/memory-guild-port.ts';
import { createModLog } from '#modules/moderation/mod-log.ts';
import { setModlogRoute } from '#modules/moderation/modlog-routes.ts';
import { runModeration } from '#modules/moderation/run-moderation.ts';
import { startHarness } from '#test/e2e/harness.ts';
import { loginTestClient } from '#test/fake-discord/login-test-client.ts';
import { startFakeDiscord } from '#test/fake-discord/server.ts';
import { underGlobalLimit } from './bench-mod-requests.ts';

export type CaseBenchVia = 'emulator' | 'memory';

export interface CaseBenchResult {
  via: CaseBenchVia;
  actions: number;
  totalMs: number;
  perActionMs: number;
  /** True when the numbers are exactly 1..actions with no gap or duplicate. */
  numberingOk: boolean;
  numbers: number[];
  /** REST requests the bot made during the run (emulator only; 429s included). */
  requests: number;
  /** Of those, the ones under the global limit (interaction callbacks are not). */
  limitedRequests: number;
  /** Mod-log messages posted (emulator only). */
  modLogMessages: number;
  /** Commands that got no answer in time (a slash command not acknowledged within Discord's 3 s). */
  unanswered: number;
}

/** Discord's global limit on a bot's requests per second, which the emulator enforces in this benchmark. */
export const DISCORD_GLOBAL_LIMIT = 50;

/** Runs the benchmark one way (default: through the emulator) and returns its figures. */
export async function benchCases(opts: { actions?: number; via?: CaseBenchVia } = {}): Promise<CaseBenchResult> {
  const actions = opts.actions ?? 100;
  return opts.via === 'memory' ? benchInMemory(actions) : benchThroughEmulator(actions);
}

function result(
  via: CaseBenchVia,
  actions: number,
  totalMs: number,
  numbers: number[],
  counts: Pick<CaseBenchResult, 'requests' | 'limitedRequests' | 'modLogMessages' | 'unanswered'> = {
    requests: 0,
    limitedRequests: 0,
    modLogMessages: 0,
    unanswered: 0,
  },
): CaseBenchResult {
  const sorted = [...numbers].sort((a, b) => a - b);
  const numberingOk = sorted.length === actions && sorted.every((n, i) => n === i + 1);
  return { via, actions, totalMs, perActionMs: totalMs / actions, numberingOk, numbers: sorted, ...counts };
}

async function benchThroughEmulator(actions: number): Promise<CaseBenchResult> {
  const h = await startHarness({ fakeOptions: { globalRateLimit: DISCORD_GLOBAL_LIMIT } });
  try {
    const gid = h.id('guilds', 'demo');
    const general = h.id('channels', 'general');
    await h.say('owner', 'general', `$config roles assign <@&${h.id('roles', 'moderatorRole')}> 3`);
    await h.say('owner', 'general', `$modlog set <#${h.id('channels', 'modLog')}>`);
    const targets: string[] = [];
    for (let i = 0; i < actions; i++) {
      const u = await h.fake.control.createUser({ username: `bench${i}` });
      await h.fake.control.joinGuild({ guildId: gid, userId: u.id, roles: [h.id('roles', 'member')] });
      targets.push(u.id);
    }
    const moderator = h.id('users', 'moderator');
    // Let the setup's requests leave the rate-limit window, then count from here.
    await new Promise((r) => setTimeout(r, 1100));
    const since = h.fake.world.requests.at(-1)?.id ?? 0;
    const started = performance.now();
    // A command whose answer never came (a slash command not acknowledged within Discord's 3 s) is left out of the
    // clock; the others stop it when their case has its mod-log post.
    const failed = new Set<string>();
    const commands = Promise.allSettled(
      targets.map(async (target, i) => {
        try {
          if (i % 2 === 0) {
            await h.send('moderator', 'general', `$warn <@${target}> bench ${i} -silent`);
            return;
          }
          const s = await h.fake.control.runSlashCommand({
            userId: moderator,
            channelId: general,
            name: 'warn',
            options: { target, reason: `bench ${i}`, silent: true },
          });
          await h.fake.control.waitForInteractionResponse({ interactionId: s.interactionId, timeoutMs: 20_000 });
        } catch (err) {
          failed.add(target);
          throw err;
        }
      }),
    );
    const deadline = Date.now() + 60_000;
    let rows = listCases(h.app.db, { guildId: gid, limit: 10_000 });
    let loggedCount = 0;
    let lastLoggedAt = started;
    for (;;) {
      const logged = new Set(rows.filter((c) => c.modLogMessageId).map((c) => c.userId));
      if (logged.size > loggedCount) {
        loggedCount = logged.size;
        lastLoggedAt = performance.now();
      }
      if (targets.every((t) => logged.has(t) || failed.has(t)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 25));
      rows = listCases(h.app.db, { guildId: gid, limit: 10_000 });
    }
    const totalMs = lastLoggedAt - started;
    const unanswered = (await commands).filter((x) => x.status === 'rejected').length;
    const reqs = h.fake.world.requests.filter((r) => r.id > since);
    return result(
      'emulator',
      actions,
      totalMs,
      rows.map((c) => c.number),
      {
        requests: reqs.length,
        limitedRequests: reqs.filter(underGlobalLimit).length,
        modLogMessages: new Set(rows.map((c) => c.modLogMessageId)).size,
        unanswered,
      },
    );
  } finally {
    await h.stop();
  }
}

/**
 * The baseline for the emulator run: a bare discord.js client making the least a moderation action needs without
 * batching (a reply and a mod-log post, as channel messages), `actions` times at once, against the same emulator
 * and global limit.
 */
export async function benchBareFloor(actions = 100): Promise<{ totalMs: number; requests: number }> {
  const fake = await startFakeDiscord({ heartbeatMs: 2000, globalRateLimit: DISCORD_GLOBAL_LIMIT });
  const client = await loginTestClient(fake);
  try {
    const channel = client.channels.cache.get(fake.ids.channels.general!);
    const modLog = client.channels.cache.get(fake.ids.channels.modLog!);
    if (!channel?.isSendable() || !modLog?.isSendable()) throw new Error('the fixture lacks its text channels');
    await new Promise((r) => setTimeout(r, 1100));
    const since = fake.world.requests.at(-1)?.id ?? 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: actions }, async (_, i) => {
        await channel.send(`Case #${i + 1} (WARN) recorded`);
        await modLog.send({ embeds: [{ title: `Case #${i + 1} (WARN)`, description: 'bench' }] });
      }),
    );
    const totalMs = performance.now() - started;
    return { totalMs, requests: fake.world.requests.filter((r) => r.id > since).length };
  } finally {
    await client.destroy();
    await fake.close();
  }
}

async function benchInMemory(actions: number): Promise<CaseBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-bench-cases-'));
  const log = pino({ level: 'silent' });
  const db = await openDb({ path: path.join(dir, 'tux.db'), backupsDir: path.join(dir, 'backups'), log });
  const scheduler = createScheduler({ db, log });
  try {
    const guildId = '110000000000000000';
    const guild = new MemoryGuildPort(guildId, 'Bench', '120000000000000000', '120000000000000001', 50);
    guild.roles.set('130000000000000001', { position: 10 });
    guild.channels.add('140000000000000001');
    guild.addMember({ id: '120000000000000002', tag: 'mod', roles: ['130000000000000001'] });
    const targets = Array.from({ length: actions }, (_, i) => String(150000000000000000n + BigInt(i)));
    for (const id of targets) guild.addMember({ id, tag: `member${id.slice(-4)}`, roles: [] });
    setModlogRoute(db, guildId, '*', '140000000000000001');
    const deps = {
      db,
      types: new CaseTypeRegistry(),
      scheduler,
      log,
      modLog: createModLog({ db, log }),
      resolveGuild: async () => guild,
    };
    const started = performance.now();
    await Promise.all(
      targets.map((targetId, i) =>
        runModeration(deps, {
          guild,
          action: i % 2 ? 'warn' : 'note',
          moderatorId: '120000000000000002',
          targetId,
          reason: `bench ${i}`,
        }),
      ),
    );
    const totalMs = performance.now() - started;
    return result(
      'memory',
      actions,
      totalMs,
      listCases(db, { guildId, limit: 10_000 }).map((c) => c.number),
    );
  } finally {
    await scheduler.stop();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const actions = Number(process.argv[2] ?? 100);
  const which = process.argv[3] ?? 'both';
  const ways: CaseBenchVia[] = which === 'both' ? ['memory', 'emulator'] : [which as CaseBenchVia];
  for (const via of ways) {
    const r = await benchCases({ actions, via });
    process.stdout.write(
      `${via}: ${r.actions} concurrent actions: ${r.totalMs.toFixed(1)} ms total, ${r.perActionMs.toFixed(2)} ms each; numbering 1..${r.actions} ${r.numberingOk ? 'OK' : 'BROKEN'}\n`,
    );
    if (!r.numberingOk) process.exitCode = 1;
  }
}
