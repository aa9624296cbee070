/** What the event-log handlers share while the module is on: the content store, the poster, the invite tracker. */
import type { BotContext } from '#discord/context.ts';
import type { InviteTracker } from './invite-tracker.ts';
import type { LogEntry, LogPoster } from './log-poster.ts';
import type { MessageStore } from './message-store.ts';
import type { EventGroup, EventlogSettings } from './settings.ts';

export interface EventlogRuntime {
  store: MessageStore;
  poster: LogPoster;
  invites: InviteTracker;
}

export type RuntimeRef = () => EventlogRuntime | null;

export function settingsOf(ctx: BotContext, guildId: string): EventlogSettings {
  return ctx.settings.get<EventlogSettings>('eventlog', guildId);
}

/**
 * The channel an event of `group` goes to, or null: the group is off, or the event's channel or member is ignored,
 * or it happened in that log channel itself.
 */
export function routeOf(
  s: EventlogSettings,
  group: EventGroup,
  about: { channelId?: string | null; userId?: string | null } = {},
): string | null {
  const channelId = s[group];
  if (!channelId) return null;
  if (about.channelId && (about.channelId === channelId || s.ignored_channels.includes(about.channelId))) return null;
  if (about.userId && s.ignored_members.includes(about.userId)) return null;
  return channelId;
}

export function postTo(rt: EventlogRuntime, channelId: string | null, entry: LogEntry): void {
  if (channelId) rt.poster.post(channelId, entry);
}
