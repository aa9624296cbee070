/** `tempvoice set|name|off|list|sweep` (staff, rank 5): configure join-to-create voice channels and look after them. */
import type { VoiceChannel } from 'discord.js';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { SettingsError } from '#core/settings/guild-settings.ts';
import { type AnyCommand, arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { infoEmbed, successEmbed } from '#discord/ui/index.ts';
import { DEFAULT_NAME_TEMPLATE } from './settings.ts';
import { MODULE, type TempVoiceRuntime } from './temp-voice-runtime.ts';

function setSetting(ctx: CommandContext, key: string, value: unknown): void {
  try {
    ctx.app.settings.set(MODULE, ctx.guildId!, key, value, `discord:${ctx.user.id}`);
  } catch (err) {
    if (err instanceof SettingsError) throw new UserError('tempvoice.setting', err.message);
    throw err;
  }
}

/** The bot clones and deletes channels and moves members: it needs those permissions where temp channels live. */
function requireBotPermissions(ctx: CommandContext, channel: VoiceChannel, categoryId: string | null): void {
  const me = ctx.guild!.members.me;
  const where = categoryId ? ctx.guild!.channels.cache.get(categoryId) : channel;
  const needed = [
    PermissionFlagsBits.ViewChannel,
    PermissionFlagsBits.ManageChannels,
    PermissionFlagsBits.MoveMembers,
    PermissionFlagsBits.Connect,
  ];
  if (!me || !where || !('permissionsFor' in where) || !where.permissionsFor(me)?.has(needed)) {
    throw new UserError(
      'tempvoice.permissions',
      'I need View Channel, Manage Channels, Move Members and Connect there to make temp channels.',
    );
  }
}

export function tempVoiceCommands(runtime: TempVoiceRuntime): AnyCommand[] {
  const tempvoice = defineCommand({
    name: 'tempvoice',
    aliases: ['tvc'],
    description: 'Join-to-create voice channels',
    category: 'Admin',
    guildOnly: true,
    defaultRank: 5,
    subcommands: [
      defineCommand({
        name: 'set',
        aliases: ['setup'],
        description: 'Set the join-to-create voice channel (and the category for temp channels)',
        args: {
          channel: arg.channel({
            description: 'Voice channel members join to get their own',
            channelTypes: [ChannelType.GuildVoice],
          }),
          category: arg.channel({
            description: 'Category for temp channels (default: the channel’s own)',
            channelTypes: [ChannelType.GuildCategory],
            optional: true,
          }),
        },
        async run(ctx, { channel, category }) {
          if (channel.type !== ChannelType.GuildVoice)
            throw new UserError('tempvoice.channel', 'Give a voice channel as the join-to-create channel.');
          if (category && category.type !== ChannelType.GuildCategory)
            throw new UserError('tempvoice.category', 'Give a category for the temp channels.');
          requireBotPermissions(ctx, channel as VoiceChannel, category?.id ?? null);
          setSetting(ctx, 'channel', channel.id);
          setSetting(ctx, 'category', category?.id ?? null);
          const { name_template } = runtime.settings(ctx.app, ctx.guildId!);
          await ctx.reply({
            embeds: [
              successEmbed({
                title: 'Temp Voice Set',
                description: `Joining <#${channel.id}> makes a channel named \`${name_template}\`${
                  category ? ` in <#${category.id}>` : ''
                }; it is deleted when it empties.`,
              }),
            ],
          });
        },
      }),
      defineCommand({
        name: 'name',
        description: 'Set the name of temp channels ({username} and {display_name} are filled in)',
        args: { template: arg.text({ description: `Name template (default ${DEFAULT_NAME_TEMPLATE})`, max: 100 }) },
        async run(ctx, { template }) {
          setSetting(ctx, 'name_template', template.trim());
          await ctx.reply({
            embeds: [
              successEmbed({
                title: 'Temp Voice Name Set',
                description: `New temp channels are named \`${template.trim()}\`.`,
              }),
            ],
          });
        },
      }),
      defineCommand({
        name: 'off',
        aliases: ['remove'],
        description: 'Stop making temp channels (existing ones are still deleted when empty)',
        async run(ctx) {
          if (!runtime.settings(ctx.app, ctx.guildId!).channel)
            throw new UserError('tempvoice.none', 'Temp voice is not set up in this server.');
          ctx.app.settings.reset(MODULE, ctx.guildId!, 'channel', `discord:${ctx.user.id}`);
          await ctx.reply({
            embeds: [successEmbed({ title: 'Temp Voice Off', description: 'No more temp channels are made.' })],
          });
        },
      }),
      defineCommand({
        name: 'list',
        aliases: ['ls'],
        description: 'List the temp channels that exist now',
        async run(ctx) {
          const s = runtime.settings(ctx.app, ctx.guildId!);
          const rows = runtime.storeFor(ctx.app.db).list(ctx.guildId!);
          const lines = rows.map((r) => {
            const channel = ctx.guild!.channels.cache.get(r.channelId) as VoiceChannel | undefined;
            const count = channel?.members.size ?? 0;
            return `<#${r.channelId}> by <@${r.ownerId}>: ${count} member${count === 1 ? '' : 's'}`;
          });
          const head = s.channel
            ? `Join-to-create: <#${s.channel}>, names \`${s.name_template}\``
            : 'Temp voice is off (set it with `tempvoice set`).';
          await ctx.reply({
            embeds: [
              infoEmbed({
                title: 'Temp Voice',
                description: [head, '', ...(lines.length ? lines.slice(0, 40) : ['No temp channels right now.'])].join(
                  '\n',
                ),
              }),
            ],
          });
        },
      }),
      defineCommand({
        name: 'sweep',
        description: 'Delete empty temp channels now',
        async run(ctx) {
          const r = await runtime.sync(ctx.app, ctx.guild!);
          await ctx.reply({
            embeds: [
              successEmbed({
                title: 'Temp Voice Swept',
                description: `${r.deleted} empty temp channel${r.deleted === 1 ? '' : 's'} deleted.`,
              }),
            ],
          });
        },
      }),
    ],
  });
  return [tempvoice];
}
