/** `remindme` (Tux's names), and `reminders list|cancel`. Works in DMs too. */
import { formatDuration } from '#core/time/duration.ts';
import { type AnyCommand, arg, defineCommand, UserError } from '#discord/commands/index.ts';
import { brandEmbed, successEmbed } from '#discord/ui/index.ts';
import { addReminder, cancelReminder, countReminders, remindersOf } from './reminder-store.ts';

export const MAX_REMINDERS = 25;
export const CONTENT_MAX = 2000;
const YEAR_MS = 365 * 24 * 3600_000;

const remindCommand = defineCommand({
  name: 'remindme',
  aliases: ['remind', 'rm'],
  description: 'Remind you of something after a while (by DM, or here if your DMs are closed)',
  category: 'Utility',
  defaultRank: 0,
  examples: ['remindme 1h30m check the oven', 'remindme 2d renew the certificate'],
  args: {
    time: arg.duration({ description: 'When, from now: 10m, 1h30m, 2d' }),
    reminder: arg.text({ description: 'What to remind you of', max: CONTENT_MAX }),
  },
  async run(ctx, { time, reminder }) {
    if (time <= 0)
      throw new UserError('reminders.past', 'That time is in the past. Give a duration from now, e.g. `10m`.');
    if (time > YEAR_MS) throw new UserError('reminders.too_far', 'A reminder can be at most a year ahead.');
    if (countReminders(ctx.app.db, ctx.user.id) >= MAX_REMINDERS) {
      throw new UserError(
        'reminders.cap',
        `You already have ${MAX_REMINDERS} reminders. Cancel one with \`${ctx.prefix}reminders cancel <id>\` first.`,
      );
    }
    const remindAt = Date.now() + time;
    const r = addReminder(ctx.app.db, ctx.app.scheduler, {
      userId: ctx.user.id,
      guildId: ctx.guildId,
      channelId: ctx.channelId,
      content: reminder,
      remindAt,
    });
    await ctx.reply({
      embeds: [
        successEmbed({
          title: 'Reminder Set',
          description: `Reminder set for <t:${Math.floor(remindAt / 1000)}:f> (in ${formatDuration(time)}), id \`${r.id}\`.\n-# If you have DMs closed, we will attempt to send it in this channel instead.`,
        }),
      ],
      ephemeral: true,
    });
  },
});

const remindersCommand = defineCommand({
  name: 'reminders',
  description: 'Your reminders: list or cancel them',
  category: 'Utility',
  defaultRank: 0,
  subcommands: [
    defineCommand({
      name: 'list',
      aliases: ['ls'],
      description: 'Your pending reminders',
      async run(ctx) {
        const rows = remindersOf(ctx.app.db, ctx.user.id);
        const lines = rows.map(
          (r) =>
            `\`${r.id}\` · <t:${Math.floor(r.remindAt / 1000)}:R> · ${r.content.replace(/\s+/g, ' ').slice(0, 80)}`,
        );
        await ctx.reply({
          embeds: [
            brandEmbed('info', {
              title: `Reminders (${rows.length}/${MAX_REMINDERS})`,
              description: lines.join('\n') || 'You have no reminders.',
            }),
          ],
          ephemeral: true,
        });
      },
    }),
    defineCommand({
      name: 'cancel',
      aliases: ['delete', 'rm'],
      description: 'Cancel one of your reminders',
      args: { id: arg.integer({ description: 'Reminder id (from `reminders list`)', min: 1 }) },
      async run(ctx, { id }) {
        if (!cancelReminder(ctx.app.db, ctx.app.scheduler, ctx.user.id, id)) {
          throw new UserError(
            'reminders.not_found',
            `You have no reminder \`${id}\`. See \`${ctx.prefix}reminders list\`.`,
          );
        }
        await ctx.reply({ embeds: [successEmbed({ description: `Reminder \`${id}\` cancelled.` })], ephemeral: true });
      },
    }),
  ],
});

export const reminderCommands: AnyCommand[] = [remindCommand, remindersCommand];
