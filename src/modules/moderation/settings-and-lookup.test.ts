import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { parseSlowmodeDelay } from './commands/slowmode.ts';
import {
  EscalationRuleError,
  listEscalationRules,
  removeEscalationRule,
  setEscalationRule,
} from './escalation-rules.ts';
import { MemoryGuildPort } from './memory-guild-port.ts';
import { createModLog } from './mod-log.ts';
import { listModlogRoutes, resolveModlogChannel, setModlogRoute, unsetModlogRoute } from './modlog-routes.ts';
import { findBannedUser } from './unban-target.ts';

const G = '110000000000000000';
let t: TempDb;
beforeEach(async () => {
  t = await openTempDb();
});
afterEach(() => t.cleanup());

describe('mod-log routing', () => {
  it('routes a type to its channel, falls back to the default, and unsets', () => {
    expect(resolveModlogChannel(t.db, G, 'WARN')).toBeNull();
    setModlogRoute(t.db, G, '*', '1');
    setModlogRoute(t.db, G, 'warn', '2');
    expect(resolveModlogChannel(t.db, G, 'WARN')).toBe('2');
    expect(resolveModlogChannel(t.db, G, 'BAN')).toBe('1');
    expect(unsetModlogRoute(t.db, G, 'WARN')).toBe(true);
    expect(unsetModlogRoute(t.db, G, 'WARN')).toBe(false);
    expect(listModlogRoutes(t.db, G)).toEqual([{ kind: '*', channelId: '1' }]);
  });

  it('logs an unusable channel once, not on every post', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
    const modLog = createModLog({ db: t.db, log });
    const guild = new MemoryGuildPort(G, 'g', '1', '2', 1);
    setModlogRoute(t.db, G, '*', '999');
    expect(await modLog.post(guild, 'WARN', { title: 'x' })).toBeNull();
    expect(await modLog.post(guild, 'BAN', { title: 'y' })).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('unusable');
  });
});

describe('escalation rules', () => {
  it('validates, stores one rule per count, and removes', () => {
    expect(() =>
      setEscalationRule(t.db, G, { warnCount: 3, windowMs: 1000, action: 'timeout', durationMs: null }),
    ).toThrow(EscalationRuleError);
    setEscalationRule(t.db, G, { warnCount: 3, windowMs: 1000, action: 'timeout', durationMs: 60_000 });
    setEscalationRule(t.db, G, { warnCount: 3, windowMs: 1000, action: 'kick', durationMs: 60_000 });
    expect(listEscalationRules(t.db, G)).toEqual([{ warnCount: 3, windowMs: 1000, action: 'kick', durationMs: null }]);
    expect(removeEscalationRule(t.db, G, 3)).toBe(true);
    expect(listEscalationRules(t.db, G)).toEqual([]);
  });
});

describe('unban lookup', () => {
  const bans = [
    { id: '100000000000000001', tag: 'spammer', bot: false },
    { id: '100000000000000002', tag: 'spammer2', bot: false },
    { id: '100000000000000003', tag: 'raider', bot: false },
  ];
  it('finds by id, exact name, unique part; refuses ambiguity and misses', () => {
    expect(findBannedUser(bans, '<@100000000000000003>').tag).toBe('raider');
    expect(findBannedUser(bans, 'SPAMMER').id).toBe('100000000000000001');
    expect(findBannedUser(bans, 'raid').id).toBe('100000000000000003');
    expect(() => findBannedUser(bans, 'spam')).toThrow('matches 2 banned users');
    expect(() => findBannedUser(bans, 'nobody')).toThrow("Could not find 'nobody' in the ban list.");
    expect(() => findBannedUser(bans, '100000000000000009')).toThrow('is not banned.');
  });
});

describe('slowmode delay', () => {
  it('accepts 0 to 6 hours in Tux formats', () => {
    expect(parseSlowmodeDelay('5')).toBe(5);
    expect(parseSlowmodeDelay('2m')).toBe(120);
    expect(parseSlowmodeDelay('6h')).toBe(21600);
    expect(parseSlowmodeDelay('0')).toBe(0);
    expect(() => parseSlowmodeDelay('7h')).toThrow('between 0 and 21600 seconds');
    expect(() => parseSlowmodeDelay('soon')).toThrow('Invalid delay format');
  });
});
