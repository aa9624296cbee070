/**
 * Applies the jail overwrites to every channel: the jail role may not see any channel except the jail channel,
 * where it may read and write. Reports progress every few channels and which channels failed. Channels created
 * later get the same overwrite as they appear (`hideNewChannelFromJail`).
 */
import type { Guild, GuildBasedChannel } from 'discord.js';
import { OverwriteType } from 'discord-api-types/v10';
import { getModerationSettings } from './moderation-settings.ts';
import type { ModerationDeps } from './moderation-types.ts';

export interface JailSetupResult {
  updated: number;
  failed: string[];
}

const HIDE = { ViewChannel: false, SendMessages: false, ReadMessageHistory: false } as const;
const SHOW = { ViewChannel: true, SendMessages: true, ReadMessageHistory: true } as const;

export async function applyJailOverwrites(
  guild: Guild,
  roleId: string,
  jailChannelId: string,
  onProgress: (done: number, total: number) => Promise<unknown> | undefined,
  every = 5,
): Promise<JailSetupResult> {
  const channels = [...(await guild.channels.fetch()).values()].filter(
    (c): c is NonNullable<typeof c> => c !== null && !c.isThread() && 'permissionOverwrites' in c,
  );
  const result: JailSetupResult = { updated: 0, failed: [] };
  let done = 0;
  for (const channel of channels) {
    try {
      await channel.permissionOverwrites.edit(roleId, channel.id === jailChannelId ? SHOW : HIDE, {
        type: OverwriteType.Role,
        reason: 'Jail setup',
      });
      result.updated++;
    } catch {
      result.failed.push(channel.id);
    }
    done++;
    if (done % every === 0 && done < channels.length) await onProgress(done, channels.length);
  }
  return result;
}

/**
 * A channel created in a guild with a jail role gets the deny overwrite, so jailed members never see it. The jail
 * channel itself, threads (they follow their parent) and guilds without a jail role (or whose jail role was
 * deleted) are left alone. Returns whether the overwrite was applied.
 */
export async function hideNewChannelFromJail(deps: ModerationDeps, channel: GuildBasedChannel): Promise<boolean> {
  if (channel.isThread() || !('permissionOverwrites' in channel)) return false;
  const { jailRoleId, jailChannelId } = getModerationSettings(deps.db, channel.guild.id);
  if (!jailRoleId || channel.id === jailChannelId) return false;
  if (!channel.guild.roles.cache.has(jailRoleId)) return false;
  await channel.permissionOverwrites.edit(jailRoleId, HIDE, {
    type: OverwriteType.Role,
    reason: 'Jail: new channel hidden from the jail role',
  });
  return true;
}
