import { z } from 'zod';

/** The event groups, each routed to its own channel or off. */
export const EVENT_GROUPS = ['messages', 'members', 'server', 'voice'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

const channel = (what: string) =>
  z
    .string()
    .regex(/^\d{17,20}$/, 'give a channel')
    .nullable()
    .default(null)
    .describe(`Channel for ${what} (none: off)`);

const ids = (what: string) =>
  z
    .array(z.string().regex(/^\d{17,20}$/, `give ${what}`))
    .max(100)
    .default([]);

export const eventlogSettingsSchema = z.object({
  messages: channel('message edits and deletions'),
  members: channel('joins, leaves, nickname/role/timeout changes, bans'),
  server: channel('channel, role, emoji and invite changes'),
  voice: channel('voice joins, leaves and moves'),
  ignored_channels: ids('channels').describe('Channels whose events are not logged'),
  ignored_members: ids('members').describe('Members whose events are not logged'),
  store_days: z
    .number()
    .int()
    .min(1)
    .max(30)
    .default(7)
    .describe('Days message content is kept for the message log (while it is routed)'),
  store_max: z
    .number()
    .int()
    .min(1000)
    .max(200_000)
    .default(50_000)
    .describe('Most messages kept for the message log in this server'),
});

export type EventlogSettings = z.infer<typeof eventlogSettingsSchema>;

export function isEventGroup(name: string): name is EventGroup {
  return (EVENT_GROUPS as readonly string[]).includes(name);
}
