/**
 * Case numbering under load: 100 moderation actions started at once in one guild, through the real pipeline
 * (hierarchy, DM, Discord call, case, mod-log post) on a real SQLite file. Reports the total time and checks that
 * the case numbers are exactly 1..100. The guild is an in-memory GuildPort so the figure is the appliance's own cost.
 *
 * `node --import tsx scripts/bench-cases.ts [count]`
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

export interface CaseBenchResult {
  actions: number;
  totalMs: number;
  perActionMs: number;
  /** True when the numbers are exactly 1..actions with no gap or duplicate. */
  numberingOk: boolean;
  numbers: number[];
}

export async function benchCases(actions = 100): Promise<CaseBenchResult> {
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
    const numbers = listCases(db, { guildId, limit: 1000 })
      .map((c) => c.number)
      .sort((a, b) => a - b);
    const numberingOk = numbers.length === actions && numbers.every((n, i) => n === i + 1);
    return { actions, totalMs, perActionMs: totalMs / actions, numberingOk, numbers };
  } finally {
    await scheduler.stop();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchCases(Number(process.argv[2] ?? 100));
  process.stdout.write(
    `${r.actions} concurrent actions: ${r.totalMs.toFixed(1)} ms total, ${r.perActionMs.toFixed(2)} ms each; numbering 1..${r.actions} ${r.numberingOk ? 'OK' : 'BROKEN'}\n`,
  );
  if (!r.numberingOk) process.exitCode = 1;
}
