/**
 * Reminders: `remindme 1h30m text` DMs you at the right second (or writes in the channel if your DMs are closed),
 * even across restarts: each reminder is a durable job, and one due while the appliance was down fires at boot.
 * Members list and cancel their reminders; each has at most 25.
 */
import type { Job } from '#core/scheduler/types.ts';
import type { BotContext } from '#discord/context.ts';
import { type BotModule, defineModule } from '#discord/module.ts';
import { reminderCommands } from './commands.ts';
import { fireReminder } from './fire-reminder.ts';
import { REMINDER_JOB } from './reminder-store.ts';

export function createRemindersModule(opts: { readyTimeoutMs?: number } = {}): BotModule {
  let ctxRef: BotContext | null = null;
  return defineModule({
    name: 'reminders',
    description: 'Reminders by DM (or in the channel), durable across restarts',
    commands: reminderCommands,
    jobs: {
      [REMINDER_JOB]: async (job) => {
        if (!ctxRef) throw new Error('the reminders module is not ready');
        await fireReminder(ctxRef, job as Job<{ id: number }>, opts.readyTimeoutMs ?? 60_000);
      },
    },
    setup(ctx) {
      ctxRef = ctx;
      return () => {
        ctxRef = null;
      };
    },
  });
}
