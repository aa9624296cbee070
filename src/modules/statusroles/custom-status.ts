import type { Presence } from 'discord.js';
import { ActivityType } from 'discord-api-types/v10';

/** A member's custom status text, "" when they have none (offline members show none), as Tux reads it. */
export function customStatusOf(presence: Pick<Presence, 'activities'> | null | undefined): string {
  return presence?.activities.find((a) => a.type === ActivityType.Custom)?.state ?? '';
}

/** The same from a raw gateway presence (GUILD_MEMBERS_CHUNK), which the sweep reads without a presence cache. */
export function customStatusOfRaw(presence: { activities?: { type: number; state?: string | null }[] }): string {
  return presence.activities?.find((a) => a.type === ActivityType.Custom)?.state ?? '';
}
