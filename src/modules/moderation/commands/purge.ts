/**
 * purge: bulk-deletes the newest messages (1–500) that Discord still allows deleting in bulk (under 14 days old),
 * reports the count and logs it to the mod log (kind PURGE).
 */
import type { GuildTextBasedChannel } from 'discord.js';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { defineCommand } from '#discord/commands/define-command.ts';
import { UserError } from '#discord/commands/errors.ts';
import { arg } from '#discord/commands/options.ts';
import { snowflakeAt } from '#discord/snowflake.ts';
import { successEmbed } from '#discord/ui/brand.ts';
import { logNoticeEmbed } from '#modules/cases/case-embeds.ts';
import { createDiscordGuildPort } from '../discord-guild-port.ts';
import type { ModerationKit } from '../moderation-kit.ts';

const BULK_WINDOW_MS = 14 * 86_400_000 - 60_000;

/** Deletes up to `limit` messages older than `before`; returns how many went. */
export async function purgeMessages(channel: GuildTextBasedChannel, limit: number, before: string): Promise<number> {
  const oldest = Date.now() - BULK_WINDOW_MS;
  let cursor = before;
  let deleted = 0;
  while (deleted < limit) {
    const batch = await channel.messages.fetch({ limit: Math.min(100, limit - deleted), before: cursor, cache: false });
    if (batch.size === 0) break;
    const fresh = [...batch.values()].filter((m) => m.createdTimestamp > oldest);
    if (fresh.length === 1) {
      await channel.messages.delete(fresh[0]!.id);
      deleted += 1;
    } else if (fresh.length > 1) {
      await channel.bulkDelete(
        fresh.map((m) => m.id),
        true,
      );
      deleted += fresh.length;
    }
    if (fresh.length < batch.size) break;
    cursor = batch.last()!.id;
  }
  return deleted;
}

export function purgeCommand(kit: ModerationKit) {
  return defineCommand({
    name: 'purge',
    aliases: ['p'],
    description: 'Delete the most recent messages in a channel (1-500)',
    category: 'moderation',
    guildOnly: true,
    defaultRank: 2,
    examples: ['purge 50', 'purge 20 #general'],
    args: {
      limit: arg.integer({ description: 'How many messages (1-500)' }),
      channel: arg.channel({
        description: 'Channel (default: this one)',
        optional: true,
        channelTypes: [
          ChannelType.GuildText,
          ChannelType.GuildVoice,
          ChannelType.GuildAnnouncement,
          ChannelType.PublicThread,
          ChannelType.PrivateThread,
          ChannelType.AnnouncementThread,
          ChannelType.GuildStageVoice,
        ],
      }),
    },
    async run(ctx, input) {
      if (!ctx.guild) throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
      if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > 500) {
        throw new UserError('moderation.purge-range', 'Invalid amount, maximum 500, minimum 1.');
      }
      const channel = (input.channel ?? ctx.channel) as GuildTextBasedChannel | null;
      if (!channel || !('bulkDelete' in channel)) {
        throw new UserError(
          'moderation.purge-channel',
          'Invalid channel type, must be a text channel, thread, or voice channel.',
        );
      }
      const me = ctx.guild.members.me;
      if (me && !channel.permissionsFor(me)?.has(PermissionFlagsBits.ManageMessages)) {
        throw new UserError(
          'moderation.purge-permission',
          "I don't have permission to delete messages in that channel. Give me Manage Messages there.",
        );
      }
      let before: string;
      if (ctx.kind === 'slash') {
        await ctx.defer({ ephemeral: true });
        before = ctx.interaction?.id ?? snowflakeAt(Date.now());
      } else {
        before = ctx.message?.id ?? snowflakeAt(Date.now());
        await ctx.message?.delete().catch(() => undefined);
      }
      const count = await purgeMessages(channel, input.limit, before);
      let text = `Purged ${count} message${count === 1 ? '' : 's'} in <#${channel.id}>.`;
      if (count < input.limit) text += ' Note: Discord only allows bulk deletion of messages less than 14 days old.';
      const sent = await ctx.reply({ embeds: [successEmbed({ description: text })], ephemeral: true });
      if (ctx.kind === 'prefix') setTimeout(() => void sent.delete().catch(() => undefined), 5000).unref();
      await kit
        .deps()
        .modLog.post(
          createDiscordGuildPort(ctx.guild),
          'PURGE',
          logNoticeEmbed('Messages purged', `${count} message(s) deleted in <#${channel.id}>.`, ctx.user.id),
        );
    },
  });
}
