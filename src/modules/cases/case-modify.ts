import type { Db } from '#core/db/types.ts';
import type { Case } from './case-store.ts';
import { getCase, updateCase } from './case-store.ts';

export interface CaseModification {
  active?: boolean | undefined;
  reason?: string | undefined;
}

export type ModifyResult =
  | { ok: true; case: Case; before: Case }
  | { ok: false; reason: 'not-found' | 'no-change' | 'empty' };

/** Changes a case's status and/or reason (Tux `cases modify`); nothing is written when nothing changes. */
export function modifyCase(db: Db, guildId: string, number: number, change: CaseModification): ModifyResult {
  if (change.active === undefined && change.reason === undefined) return { ok: false, reason: 'empty' };
  const before = getCase(db, guildId, number);
  if (!before) return { ok: false, reason: 'not-found' };
  const reason = change.reason?.trim();
  const changes = {
    ...(change.active !== undefined && change.active !== before.active ? { active: change.active } : {}),
    ...(reason !== undefined && reason !== '' && reason !== before.reason ? { reason } : {}),
  };
  if (Object.keys(changes).length === 0) return { ok: false, reason: 'no-change' };
  const after = updateCase(db, before.id, changes);
  return after ? { ok: true, case: after, before } : { ok: false, reason: 'not-found' };
}
