/** The console's view of event logs and invites (`eventlog.show`, `eventlog.set`, `invites.top`). */
import { z } from 'zod';
import { defineAdminOp } from '#admin/define-op.ts';
import { topInviters } from './invite-tracker.ts';
import { EVENT_GROUPS, type EventlogSettings } from './settings.ts';

const guildId = z.string().regex(/^\d{17,20}$/, 'a guild id is 17–20 digits');

export const eventlogShowOp = defineAdminOp({
  name: 'eventlog.show',
  summary: 'Where each event group of a guild is logged, what is ignored and how much message content is kept',
  role: 'viewer',
  audit: false,
  input: z.object({ guildId }).strict(),
  run(ctx, input) {
    const s = ctx.settings.get<EventlogSettings>('eventlog', input.guildId);
    const stored = ctx.db.sqlite
      .prepare('SELECT count(*) AS n FROM eventlog_messages WHERE guild_id = ?')
      .get(input.guildId) as { n: number };
    return { ...s, storedMessages: stored.n };
  },
});

export const eventlogSetOp = defineAdminOp({
  name: 'eventlog.set',
  summary: 'Route an event group of a guild to a channel id, or switch it off (channel null)',
  role: 'admin',
  audit: true,
  target: (input) => `eventlog@${input.guildId}`,
  input: z
    .object({
      guildId,
      group: z.enum(EVENT_GROUPS),
      channelId: z
        .string()
        .regex(/^\d{17,20}$/, 'a channel id is 17–20 digits')
        .nullable(),
    })
    .strict(),
  run(ctx, input, actor) {
    if (input.channelId === null) ctx.settings.reset('eventlog', input.guildId, input.group, actor.id);
    else ctx.settings.set('eventlog', input.guildId, input.group, input.channelId, actor.id);
    return ctx.settings.get<EventlogSettings>('eventlog', input.guildId);
  },
});

export const invitesTopOp = defineAdminOp({
  name: 'invites.top',
  summary: 'Members of a guild whose invites brought the most joins',
  role: 'viewer',
  audit: false,
  input: z.object({ guildId, limit: z.number().int().min(1).max(100).default(10) }).strict(),
  run: (ctx, input) => topInviters(ctx.db, input.guildId, input.limit),
});
