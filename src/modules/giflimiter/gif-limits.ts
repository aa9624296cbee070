/**
 * Reading and changing a guild's GIF limits through the per-guild settings, shared by the console's operations and
 * the `giflimit` command. Each change is validated by the module's schema and audited by the settings service.
 */
import type { GuildSettings } from '#core/settings/guild-settings.ts';
import type { GifCounter } from './gif-counter.ts';
import type { GifLimiterSettings } from './settings.ts';

export const MODULE = 'giflimiter';

export interface ChannelLimits {
  channelId: string;
  channelLimit: number | null;
  userLimit: number | null;
  /** GIFs counted in the channel within the window now. */
  recent: number;
}

export function limitsOf(settings: GuildSettings, counter: GifCounter, guildId: string) {
  const s = settings.get<GifLimiterSettings>(MODULE, guildId);
  const ids = [...new Set([...Object.keys(s.channel_limits), ...Object.keys(s.user_limits)])].sort();
  const channels: ChannelLimits[] = ids.map((channelId) => ({
    channelId,
    channelLimit: s.channel_limits[channelId] ?? null,
    userLimit: s.user_limits[channelId] ?? null,
    recent: counter.count(guildId, channelId, s.window_seconds * 1000),
  }));
  return { guildId, windowSeconds: s.window_seconds, noticeSeconds: s.notice_seconds, channels, exclude: s.exclude };
}

/** Sets (a number) or clears (null) one channel's limit; undefined leaves it as it is. */
export function setChannelLimits(
  settings: GuildSettings,
  guildId: string,
  channelId: string,
  change: { channelLimit?: number | null | undefined; userLimit?: number | null | undefined },
  actor: string,
): { channelId: string; channelLimit: number | null; userLimit: number | null } {
  const s = settings.get<GifLimiterSettings>(MODULE, guildId);
  const apply = (current: Record<string, number>, value: number | null) => {
    const next = { ...current };
    if (value === null) delete next[channelId];
    else next[channelId] = value;
    return next;
  };
  if (change.channelLimit !== undefined)
    settings.set(MODULE, guildId, 'channel_limits', apply(s.channel_limits, change.channelLimit), actor);
  if (change.userLimit !== undefined)
    settings.set(MODULE, guildId, 'user_limits', apply(s.user_limits, change.userLimit), actor);
  const after = settings.get<GifLimiterSettings>(MODULE, guildId);
  return {
    channelId,
    channelLimit: after.channel_limits[channelId] ?? null,
    userLimit: after.user_limits[channelId] ?? null,
  };
}

export function setExcluded(
  settings: GuildSettings,
  guildId: string,
  channelId: string,
  excluded: boolean,
  actor: string,
): string[] {
  const current = settings.get<GifLimiterSettings>(MODULE, guildId).exclude.filter((c) => c !== channelId);
  const next = excluded ? [...current, channelId] : current;
  settings.set(MODULE, guildId, 'exclude', next, actor);
  return next;
}
