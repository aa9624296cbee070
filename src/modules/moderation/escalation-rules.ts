/**
 * Warn escalation rules: "after N active warnings within a window, apply an action". Stored per guild; the rule with
 * the highest N that the member has just reached wins, so 3 → timeout and 5 → tempban both fire at their count.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { escalationRules } from './schema.ts';

export const ESCALATION_ACTIONS = ['timeout', 'tempban', 'kick', 'ban', 'jail'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];
/** Actions that need a duration. */
export const TIMED_ESCALATIONS: readonly EscalationAction[] = ['timeout', 'tempban'];

export interface EscalationRule {
  warnCount: number;
  windowMs: number;
  action: EscalationAction;
  durationMs: number | null;
}

export class EscalationRuleError extends Error {
  override readonly name = 'EscalationRuleError';
}

export function validateEscalationRule(rule: EscalationRule): void {
  if (!Number.isInteger(rule.warnCount) || rule.warnCount < 1 || rule.warnCount > 100) {
    throw new EscalationRuleError('The warning count must be a whole number from 1 to 100.');
  }
  if (!ESCALATION_ACTIONS.includes(rule.action)) {
    throw new EscalationRuleError(`Unknown action "${rule.action}". Use one of: ${ESCALATION_ACTIONS.join(', ')}.`);
  }
  if (TIMED_ESCALATIONS.includes(rule.action) && (rule.durationMs === null || rule.durationMs <= 0)) {
    throw new EscalationRuleError(`A ${rule.action} rule needs a duration, for example \`-duration 1d\`.`);
  }
  if (rule.windowMs <= 0) throw new EscalationRuleError('The window must be longer than zero, for example `30d`.');
}

export function setEscalationRule(db: Db, guildId: string, rule: EscalationRule, now = Date.now()): void {
  validateEscalationRule(rule);
  const values = {
    windowMs: rule.windowMs,
    action: rule.action,
    durationMs: TIMED_ESCALATIONS.includes(rule.action) || rule.action === 'jail' ? rule.durationMs : null,
    updatedAt: now,
  };
  db.orm
    .insert(escalationRules)
    .values({ guildId, warnCount: rule.warnCount, ...values })
    .onConflictDoUpdate({ target: [escalationRules.guildId, escalationRules.warnCount], set: values })
    .run();
}

export function removeEscalationRule(db: Db, guildId: string, warnCount: number): boolean {
  return (
    db.orm
      .delete(escalationRules)
      .where(and(eq(escalationRules.guildId, guildId), eq(escalationRules.warnCount, warnCount)))
      .run().changes > 0
  );
}

export function listEscalationRules(db: Db, guildId: string): EscalationRule[] {
  return db.orm
    .select()
    .from(escalationRules)
    .where(eq(escalationRules.guildId, guildId))
    .orderBy(asc(escalationRules.warnCount))
    .all()
    .map((r) => ({
      warnCount: r.warnCount,
      windowMs: r.windowMs,
      action: r.action as EscalationAction,
      durationMs: r.durationMs,
    }));
}

/**
 * The rule a member has just reached: among rules whose count equals the member's active warnings within that
 * rule's window, the one with the highest count. `countWithin(windowMs)` counts active warnings in the window.
 */
export function reachedEscalationRule(
  rules: readonly EscalationRule[],
  countWithin: (windowMs: number) => number,
): { rule: EscalationRule; count: number } | null {
  let best: { rule: EscalationRule; count: number } | null = null;
  for (const rule of rules) {
    const count = countWithin(rule.windowMs);
    if (count === rule.warnCount && (!best || rule.warnCount > best.rule.warnCount)) best = { rule, count };
  }
  return best;
}
