/**
 * `giflimit`: a server's GIF limits from Discord, for its admins: show them, set a channel's limit for everyone
 * together or for each member, and leave channels out.
 */
import { arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { brandEmbed, successEmbed } from '#discord/ui/index.ts';
import type { GifCounter } from './gif-counter.ts';
import { limitsOf, setChannelLimits, setExcluded } from './gif-limits.ts';

const ADMIN_RANK = 5;

/** "3", "off" / "none" / "0" → null; anything else is refused. */
function parseLimit(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === 'none' || t === '0') return null;
  if (!/^\d{1,4}$/.test(t) || Number(t) > 1000)
    throw new UserError(
      'giflimit.bad_limit',
      `\`${text.slice(0, 20)}\` is not a limit: give a number from 1 to 1000, or \`off\`.`,
    );
  return Number(t);
}

const actorOf = (ctx: CommandContext) => `discord:${ctx.user.id}`;
const fmt = (n: number | null) => (n === null ? 'off' : String(n));

export function gifLimitCommands(counter: GifCounter) {
  const show = defineCommand({
    name: 'show',
    aliases: ['list'],
    description: "This server's GIF limits",
    async run(ctx) {
      const l = limitsOf(ctx.app.settings, counter, ctx.guildId!);
      const lines = l.channels.map(
        (c) =>
          `<#${c.channelId}>: channel ${fmt(c.channelLimit)} · per member ${fmt(c.userLimit)} · ${c.recent} recent`,
      );
      await ctx.reply({
        embeds: [
          brandEmbed('info', {
            title: 'GIF limits',
            description: [
              `Within ${l.windowSeconds} s:`,
              lines.length ? lines.join('\n') : 'No channel has a limit: GIFs are not limited.',
              l.exclude.length ? `Left out: ${l.exclude.map((c) => `<#${c}>`).join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('\n')
              .slice(0, 4096),
          }),
        ],
        ephemeral: true,
      });
    },
  });

  const limit = (kind: 'channel' | 'user') =>
    defineCommand({
      name: kind,
      description:
        kind === 'channel'
          ? 'GIFs allowed in a channel within the window, from everyone together (off to clear)'
          : 'GIFs one member may post in a channel within the window (off to clear)',
      args: {
        channel: arg.channel({ description: 'Which channel' }),
        limit: arg.string({ description: 'A number 1–1000, or off', max: 10 }),
      },
      async run(ctx, { channel, limit: text }) {
        const value = parseLimit(text);
        const r = setChannelLimits(
          ctx.app.settings,
          ctx.guildId!,
          channel.id,
          kind === 'channel' ? { channelLimit: value } : { userLimit: value },
          actorOf(ctx),
        );
        await ctx.reply({
          embeds: [
            successEmbed({
              description: `GIF limits in <#${channel.id}>: channel ${fmt(r.channelLimit)}, per member ${fmt(r.userLimit)}.`,
            }),
          ],
        });
      },
    });

  const exclude = (excluded: boolean) =>
    defineCommand({
      name: excluded ? 'exclude' : 'include',
      description: excluded ? 'Leave a channel out of the GIF limiter' : 'Take a channel back into the GIF limiter',
      args: { channel: arg.channel({ description: 'Which channel' }) },
      async run(ctx, { channel }) {
        setExcluded(ctx.app.settings, ctx.guildId!, channel.id, excluded, actorOf(ctx));
        await ctx.reply({
          embeds: [
            successEmbed({
              description: excluded
                ? `<#${channel.id}> is left out of the GIF limiter.`
                : `<#${channel.id}> is GIF-limited again.`,
            }),
          ],
        });
      },
    });

  return [
    defineCommand({
      name: 'giflimit',
      aliases: ['gl'],
      description: 'GIF limits per channel and per member in a channel',
      category: 'Admin',
      defaultRank: ADMIN_RANK,
      guildOnly: true,
      examples: ['giflimit show', 'giflimit user #general 2', 'giflimit channel #memes 5', 'giflimit exclude #gifs'],
      subcommands: [show, limit('channel'), limit('user'), exclude(true), exclude(false)],
    }),
  ];
}
