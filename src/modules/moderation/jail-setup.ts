/**
 * Applies the jail overwrites to every channel: the jail role may not see any channel except the jail channel,
 * where it may read and write. Reports progress every few channels and which channels failed.
 */
import { type Guild, OverwriteType } from 'discord.js';

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
