/**
 * Posts to the mod log. The channel comes from the guild's routes (per kind, else the default). A channel that is
 * gone or forbidden is logged once per guild and channel — not on every action — and never fails the action.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import type { Db } from '#core/db/types.ts';
import type { Logger } from '#core/log/types.ts';
import { classifyDiscordError } from './discord-errors.ts';
import type { GuildPort } from './guild-port.ts';
import { resolveModlogChannel } from './modlog-routes.ts';

export interface ModLogPost {
  channelId: string;
  messageId: string;
}

export interface ModLog {
  /** Posts the embed to the channel routed for `kind`; null when none is set or the post failed. */
  post(guild: GuildPort, kind: string, embed: APIEmbed): Promise<ModLogPost | null>;
  /** Edits an earlier post; false when it could not (deleted message, lost access). */
  edit(guild: GuildPort, post: ModLogPost, embed: APIEmbed): Promise<boolean>;
}

export function createModLog(deps: { db: Db; log: Logger }): ModLog {
  const reported = new Set<string>();
  const failed = (guild: GuildPort, channelId: string, err: unknown): void => {
    const key = `${guild.guildId}:${channelId}`;
    if (reported.has(key)) return;
    reported.add(key);
    const f = classifyDiscordError(err);
    deps.log.warn(
      { guildId: guild.guildId, channelId, status: f.status, err: f.message },
      `mod-log channel ${channelId} in ${guild.guildName} is unusable (${f.message}); fix it with /modlog set`,
    );
  };
  return {
    async post(guild, kind, embed) {
      const channelId = resolveModlogChannel(deps.db, guild.guildId, kind);
      if (!channelId) return null;
      try {
        const messageId = await guild.postMessage(channelId, embed);
        reported.delete(`${guild.guildId}:${channelId}`);
        return { channelId, messageId };
      } catch (err) {
        failed(guild, channelId, err);
        return null;
      }
    },
    async edit(guild, post, embed) {
      try {
        await guild.editMessage(post.channelId, post.messageId, embed);
        return true;
      } catch (err) {
        failed(guild, post.channelId, err);
        return false;
      }
    },
  };
}
