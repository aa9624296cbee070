/** Reminder rows; each is scheduled as a durable job in the same transaction, so neither exists without the other. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import type { Scheduler } from '#core/scheduler/types.ts';
import { reminders } from './schema.ts';

export type Reminder = typeof reminders.$inferSelect;
export const REMINDER_JOB = 'reminder.fire';
export const jobKey = (id: number) => `reminder:${id}`;

export function addReminder(
  db: Db,
  scheduler: Scheduler,
  r: { userId: string; guildId: string | null; channelId: string; content: string; remindAt: number },
): Reminder {
  return db.sqlite.transaction(() => {
    const row = db.orm
      .insert(reminders)
      .values({ ...r, createdAt: Date.now() })
      .returning()
      .get();
    scheduler.schedule(REMINDER_JOB, row.remindAt, { id: row.id }, { key: jobKey(row.id) });
    return row;
  })();
}

export function getReminder(db: Db, id: number): Reminder | undefined {
  return db.orm.select().from(reminders).where(eq(reminders.id, id)).get();
}

export function remindersOf(db: Db, userId: string): Reminder[] {
  return db.orm.select().from(reminders).where(eq(reminders.userId, userId)).orderBy(asc(reminders.remindAt)).all();
}

export function countReminders(db: Db, userId: string): number {
  return db.orm.select({ n: sql<number>`count(*)` }).from(reminders).where(eq(reminders.userId, userId)).get()?.n ?? 0;
}

/** Removes a member's reminder and its job; false when they have no such reminder. */
export function cancelReminder(db: Db, scheduler: Scheduler, userId: string, id: number): boolean {
  return db.sqlite.transaction(() => {
    const gone = db.orm
      .delete(reminders)
      .where(and(eq(reminders.id, id), eq(reminders.userId, userId)))
      .returning()
      .all();
    if (gone.length === 0) return false;
    scheduler.cancel(jobKey(id));
    return true;
  })();
}

export function deleteReminder(db: Db, id: number): void {
  db.orm.delete(reminders).where(eq(reminders.id, id)).run();
}
