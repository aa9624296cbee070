import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The append-only audit trail. Each row's hash covers the previous row's hash, so an edit, a deletion or a reordering
 * breaks the chain. Triggers (see the custom migration) refuse UPDATE and DELETE outright.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Epoch milliseconds. */
    time: integer('time').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    /** Canonical JSON text. */
    details: text('details').notNull().default('{}'),
    outcome: text('outcome').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_time_idx').on(t.time), index('audit_log_action_idx').on(t.action)],
);
