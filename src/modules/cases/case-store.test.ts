import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import {
  CaseError,
  countActiveCases,
  countCases,
  getCase,
  latestCaseOf,
  listCases,
  recordCase,
  setModLogMessage,
  updateCase,
  voidedReason,
} from './case-store.ts';
import { CaseTypeError, CaseTypeRegistry } from './case-types.ts';

const G = '100000000000000001';
const G2 = '100000000000000002';
const U = '200000000000000001';
const M = '300000000000000001';

let t: TempDb;
let types: CaseTypeRegistry;
beforeEach(async () => {
  t = await openTempDb();
  types = new CaseTypeRegistry();
});
afterEach(() => t.cleanup());

describe('case numbering', () => {
  it('numbers cases per guild from 1 without gaps', () => {
    const a = recordCase(t.db, types, { guildId: G, type: 'WARN', userId: U, moderatorId: M });
    const b = recordCase(t.db, types, { guildId: G, type: 'BAN', userId: U, moderatorId: M, reason: 'spam' });
    const c = recordCase(t.db, types, { guildId: G2, type: 'KICK', userId: U, moderatorId: M });
    expect([a.case.number, b.case.number, c.case.number]).toEqual([1, 2, 1]);
    expect(a.case.reason).toBe('No reason provided');
    expect(getCase(t.db, G, 2)?.reason).toBe('spam');
  });

  it('gives unique consecutive numbers to writers on separate connections', async () => {
    const other = await t.reopen();
    const jobs = Array.from({ length: 100 }, (_, i) =>
      Promise.resolve().then(() =>
        recordCase(i % 2 ? other : t.db, types, { guildId: G, type: 'WARN', userId: U, moderatorId: M }),
      ),
    );
    const numbers = (await Promise.all(jobs)).map((r) => r.case.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('keeps the number of a case recorded as voided', () => {
    recordCase(t.db, types, { guildId: G, type: 'BAN', userId: U, moderatorId: M, active: false });
    const next = recordCase(t.db, types, { guildId: G, type: 'BAN', userId: U, moderatorId: M });
    expect(next.case.number).toBe(2);
    expect(getCase(t.db, G, 1)?.active).toBe(false);
  });
});

describe('case types', () => {
  it('accepts types registered by modules and rejects unknown ones', () => {
    expect(() => recordCase(t.db, types, { guildId: G, type: 'TICKETBAN', userId: U, moderatorId: M })).toThrow(
      CaseError,
    );
    const undo = types.register({
      name: 'TICKETBAN',
      label: 'Ticket ban',
      emoji: '🎫',
      effect: 'added',
      module: 'tickets',
    });
    expect(recordCase(t.db, types, { guildId: G, type: 'ticketban', userId: U, moderatorId: M }).case.type).toBe(
      'TICKETBAN',
    );
    expect(() =>
      types.register({ name: 'TICKETBAN', label: 'x', emoji: 'x', effect: 'none', module: 'other' }),
    ).toThrow(CaseTypeError);
    undo();
    expect(types.has('TICKETBAN')).toBe(false);
    expect(types.describe('TICKETBAN').label).toBe('TICKETBAN');
  });

  it('closes the active cases a removal type closes', () => {
    const ban = recordCase(t.db, types, { guildId: G, type: 'TEMPBAN', userId: U, moderatorId: M, expiresAt: 5 });
    const warn = recordCase(t.db, types, { guildId: G, type: 'WARN', userId: U, moderatorId: M });
    const unban = recordCase(t.db, types, { guildId: G, type: 'UNBAN', userId: U, moderatorId: M });
    expect(unban.closed.map((c) => c.number)).toEqual([ban.case.number]);
    expect(getCase(t.db, G, ban.case.number)).toMatchObject({ active: false, processed: true });
    expect(getCase(t.db, G, warn.case.number)?.active).toBe(true);
  });
});

describe('reasons and updates', () => {
  it('rejects reasons over 2000 characters and changes nothing', () => {
    expect(() =>
      recordCase(t.db, types, { guildId: G, type: 'WARN', userId: U, moderatorId: M, reason: 'x'.repeat(2001) }),
    ).toThrow(/2001 characters/);
    expect(countCases(t.db, { guildId: G })).toBe(0);
  });

  it('voids within the 2000 character limit', () => {
    const reason = voidedReason('y'.repeat(2000), 'missing permissions: Missing Permissions');
    expect(reason.length).toBe(2000);
    expect(reason.endsWith('[VOIDED: missing permissions: Missing Permissions]')).toBe(true);
  });

  it('stores jail roles, lists, filters, counts and updates', () => {
    recordCase(t.db, types, { guildId: G, type: 'JAIL', userId: U, moderatorId: M, userRoles: ['1', '2'] });
    recordCase(t.db, types, { guildId: G, type: 'WARN', userId: U, moderatorId: M, now: 1000 });
    recordCase(t.db, types, { guildId: G, type: 'WARN', userId: '999', moderatorId: M });
    expect(latestCaseOf(t.db, G, U, ['JAIL', 'UNJAIL'])?.userRoles).toEqual(['1', '2']);
    expect(listCases(t.db, { guildId: G, type: 'warn' }).map((c) => c.userId)).toEqual(['999', U]);
    expect(countCases(t.db, { guildId: G, userId: U })).toBe(2);
    expect(countActiveCases(t.db, G, U, 'WARN', 0)).toBe(1);
    expect(countActiveCases(t.db, G, U, 'WARN', 2000)).toBe(0);
    const jail = getCase(t.db, G, 1)!;
    setModLogMessage(t.db, jail.id, '55', '66');
    const updated = updateCase(t.db, jail.id, { active: false, reason: 'changed' });
    expect(updated).toMatchObject({ active: false, reason: 'changed', modLogChannelId: '55', modLogMessageId: '66' });
    expect(listCases(t.db, { limit: 1 })).toHaveLength(1);
  });
});
