import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Durable jobs. Times are epoch milliseconds; payload is JSON text (portable to PostgreSQL). */
export const schedulerJobs = sqliteTable(
  'scheduler_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    runAt: integer('run_at').notNull(),
    payload: text('payload').notNull().default('null'),
    key: text('key'),
    /** pending | running | done | failed | cancelled */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('scheduler_jobs_due_idx').on(t.status, t.runAt),
    // A key names at most one pending job; scheduling it again replaces that job.
    uniqueIndex('scheduler_jobs_pending_key_idx').on(t.key).where(sql`"status" = 'pending'`),
  ],
);
