/**
 * Brings one guild's temp channels in line with who is where: every member waiting in the join-to-create channel
 * gets their temp channel (their existing one, else a clone of the create-channel) and is moved into it; every
 * temp channel that is empty is deleted, and rows for channels that no longer exist are dropped. The same pass is
 * the start sweep, so channels left empty while the appliance was down go at the next start.
 */
import type { Guild, GuildMember, VoiceChannel } from 'discord.js';
import { ChannelType } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import { renderChannelName, type TempVoiceSettings } from './settings.ts';
import type { TempVoiceStore } from './temp-voice-store.ts';

export interface SyncResult {
  created: number;
  moved: number;
  deleted: number;
  forgotten: number;
}

const UNKNOWN_CHANNEL = 10003;

function isVoice(channel: unknown): channel is VoiceChannel {
  return (channel as { type?: unknown } | null)?.type === ChannelType.GuildVoice;
}

export async function syncGuild(
  guild: Guild,
  settings: TempVoiceSettings,
  store: TempVoiceStore,
  log: Logger,
): Promise<SyncResult> {
  const result: SyncResult = { created: 0, moved: 0, deleted: 0, forgotten: 0 };
  const fresh = new Set<string>();
  const create = settings.channel ? guild.channels.cache.get(settings.channel) : undefined;
  if (isVoice(create)) {
    for (const member of [...create.members.values()]) {
      if (member.user.bot) continue;
      const target = await channelFor(guild, member, create, settings, store, log, fresh, result);
      if (!target) continue;
      try {
        await member.voice.setChannel(target, 'temp voice');
        result.moved += 1;
      } catch (err) {
        log.warn({ err, guild: guild.id, user: member.id }, 'could not move a member into their temp channel');
      }
    }
  }
  for (const row of store.list(guild.id)) {
    const channel = guild.channels.cache.get(row.channelId);
    if (!channel) {
      store.remove(row.channelId);
      result.forgotten += 1;
      continue;
    }
    // A channel made in this pass may not show its member yet (the move's event arrives after the reply).
    if (fresh.has(row.channelId) || !isVoice(channel) || channel.members.size > 0) continue;
    try {
      await channel.delete('temp voice: empty');
      result.deleted += 1;
    } catch (err) {
      if ((err as { code?: unknown }).code !== UNKNOWN_CHANNEL) {
        log.warn({ err, guild: guild.id, channel: row.channelId }, 'could not delete an empty temp channel');
        continue;
      }
    }
    store.remove(row.channelId);
  }
  return result;
}

async function channelFor(
  guild: Guild,
  member: GuildMember,
  create: VoiceChannel,
  settings: TempVoiceSettings,
  store: TempVoiceStore,
  log: Logger,
  fresh: Set<string>,
  result: SyncResult,
): Promise<VoiceChannel | null> {
  const owned = store.ownedBy(guild.id, member.id);
  const existing = owned ? guild.channels.cache.get(owned.channelId) : undefined;
  if (isVoice(existing)) return existing;
  const name = renderChannelName(settings.name_template, {
    username: member.user.username,
    displayName: member.displayName,
  });
  const parent = settings.category ?? create.parentId;
  try {
    const clone = (await create.clone({
      name,
      parent,
      reason: `temp voice for ${member.user.username}`,
    })) as VoiceChannel;
    store.add({ channelId: clone.id, guildId: guild.id, ownerId: member.id, createdAt: Date.now() });
    fresh.add(clone.id);
    result.created += 1;
    return clone;
  } catch (err) {
    log.warn({ err, guild: guild.id, user: member.id }, 'could not create a temp channel');
    return null;
  }
}
