/** Automod rules, exemptions and raid state in SQLite. Readers go through the in-memory cache in rule-cache.ts. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import type { Rule, RuleActions, RuleConfig } from './rule-types.ts';
import { automodExemptions, automodRaidState, automodRules } from './schema.ts';

type Row = typeof automodRules.$inferSelect;

function toRule(r: Row): Rule {
  return {
    id: r.id,
    guildId: r.guildId,
    name: r.name,
    config: JSON.parse(r.config) as RuleConfig,
    actions: JSON.parse(r.actions) as RuleActions,
    enabled: r.enabled,
    disabledReason: r.disabledReason,
  };
}

export const MAX_RULES_PER_GUILD = 100;

export function listRules(db: Db, guildId: string): Rule[] {
  return db.orm
    .select()
    .from(automodRules)
    .where(eq(automodRules.guildId, guildId))
    .orderBy(asc(automodRules.id))
    .all()
    .map(toRule);
}

export function listAllRules(db: Db): Rule[] {
  return db.orm.select().from(automodRules).orderBy(asc(automodRules.guildId), asc(automodRules.id)).all().map(toRule);
}

export function getRule(db: Db, guildId: string, id: number): Rule | null {
  const row = db.orm
    .select()
    .from(automodRules)
    .where(and(eq(automodRules.guildId, guildId), eq(automodRules.id, id)))
    .get();
  return row ? toRule(row) : null;
}

export function addRule(
  db: Db,
  r: { guildId: string; name: string; config: RuleConfig; actions: RuleActions; createdBy: string },
): Rule {
  const row = db.orm
    .insert(automodRules)
    .values({
      guildId: r.guildId,
      name: r.name,
      kind: r.config.kind,
      config: JSON.stringify(r.config),
      actions: JSON.stringify(r.actions),
      createdBy: r.createdBy,
      createdAt: Date.now(),
    })
    .returning()
    .get();
  return toRule(row);
}

export function removeRule(db: Db, guildId: string, id: number): boolean {
  return db.transaction(() => {
    const res = db.orm
      .delete(automodRules)
      .where(and(eq(automodRules.guildId, guildId), eq(automodRules.id, id)))
      .run();
    db.orm
      .delete(automodExemptions)
      .where(and(eq(automodExemptions.guildId, guildId), eq(automodExemptions.scope, String(id))))
      .run();
    return res.changes > 0;
  });
}

export function setRuleEnabled(db: Db, guildId: string, id: number, enabled: boolean, reason: string | null): boolean {
  const res = db.orm
    .update(automodRules)
    .set({ enabled, disabledReason: enabled ? null : reason })
    .where(and(eq(automodRules.guildId, guildId), eq(automodRules.id, id)))
    .run();
  return res.changes > 0;
}

export type ExemptionScope = 'all' | 'antinuke' | `${number}`;
export type ExemptionTarget = 'role' | 'channel' | 'user';
export interface Exemption {
  scope: string;
  targetType: ExemptionTarget;
  targetId: string;
}

export function listExemptions(db: Db, guildId: string): Exemption[] {
  return db.orm
    .select()
    .from(automodExemptions)
    .where(eq(automodExemptions.guildId, guildId))
    .all()
    .map((r) => ({ scope: r.scope, targetType: r.targetType as ExemptionTarget, targetId: r.targetId }));
}

/** Adds or removes one exemption; returns whether anything changed. */
export function setExemption(db: Db, guildId: string, e: Exemption, on: boolean): boolean {
  if (on) {
    const res = db.orm
      .insert(automodExemptions)
      .values({ guildId, ...e })
      .onConflictDoNothing()
      .run();
    return res.changes > 0;
  }
  const res = db.orm
    .delete(automodExemptions)
    .where(
      and(
        eq(automodExemptions.guildId, guildId),
        eq(automodExemptions.scope, e.scope),
        eq(automodExemptions.targetType, e.targetType),
        eq(automodExemptions.targetId, e.targetId),
      ),
    )
    .run();
  return res.changes > 0;
}

export interface RaidState {
  since: number;
  lastJoinAt: number;
}

export function getRaidState(db: Db, guildId: string): RaidState | null {
  const row = db.orm.select().from(automodRaidState).where(eq(automodRaidState.guildId, guildId)).get();
  return row ? { since: row.since, lastJoinAt: row.lastJoinAt } : null;
}

export function setRaidState(db: Db, guildId: string, state: RaidState | null): void {
  if (state === null) {
    db.orm.delete(automodRaidState).where(eq(automodRaidState.guildId, guildId)).run();
    return;
  }
  db.orm
    .insert(automodRaidState)
    .values({ guildId, ...state })
    .onConflictDoUpdate({ target: automodRaidState.guildId, set: state })
    .run();
}
