/** slowmode: shows or sets a channel's slowmode (0–6 h) on any channel type; changes are logged (kind SLOWMODE). */
import type { GuildBasedChannel } from 'discord.js';
import { DurationError, parseDuration } from '#core/time/duration.ts';
import { defineCommand } from '#discord/commands/define-command.ts';
import { guildResolver } from '#discord/commands/entity-resolver.ts';
import { UserError } from '#discord/commands/errors.ts';
import { arg } from '#discord/commands/options.ts';
import { infoEmbed, successEmbed } from '#discord/ui/brand.ts';
import { logNoticeEmbed } from '#modules/cases/case-embeds.ts';
import { createDiscordGuildPort } from '../discord-guild-port.ts';
import type { ModerationKit } from '../moderation-kit.ts';

export const MAX_SLOWMODE_SECONDS = 21_600;

const RANGE_MESSAGE = 'Slowmode delay must be between 0 and 21600 seconds (6 hours).';

/** "5", "5s", "2m", "6h" → seconds; throws the Tux messages. */
export function parseSlowmodeDelay(text: string): number {
  // A negative number is a delay out of range, as in Tux, not a format error.
  if (/^-\d+\s*[smh]?$/i.test(text.trim())) throw new UserError('moderation.slowmode-range', RANGE_MESSAGE);
  let ms: number;
  try {
    ms = parseDuration(text, { defaultUnit: 's', allowZero: true, max: Number.MAX_SAFE_INTEGER });
  } catch (err) {
    if (err instanceof DurationError) {
      throw new UserError('moderation.slowmode-format', 'Invalid delay format. Examples: `5`, `5s`, `2m`');
    }
    throw err;
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 0 || seconds > MAX_SLOWMODE_SECONDS) {
    throw new UserError('moderation.slowmode-range', RANGE_MESSAGE);
  }
  return seconds;
}

/** Tux's wording: seconds under a minute, then minutes (and seconds), never hours: "360 minutes". */
export function describeSlowmode(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? plural(minutes, 'minute') : `${plural(minutes, 'minute')} and ${plural(rest, 'second')}`;
}

type RateLimited = GuildBasedChannel & {
  rateLimitPerUser: number | null;
  setRateLimitPerUser(seconds: number, reason?: string): Promise<unknown>;
};

function hasSlowmode(c: GuildBasedChannel | null | undefined): c is RateLimited {
  return !!c && 'setRateLimitPerUser' in c;
}

export function slowmodeCommand(kit: ModerationKit) {
  return defineCommand({
    name: 'slowmode',
    aliases: ['sm'],
    description: "Show or set a channel's slowmode (0 to 6 hours)",
    category: 'moderation',
    guildOnly: true,
    defaultRank: 2,
    examples: ['slowmode', 'slowmode 10s', 'slowmode #general 2m', 'slowmode 0'],
    args: {
      channel_or_delay: arg.string({ description: 'Channel, or the delay for this channel', optional: true }),
      delay: arg.string({ description: 'Delay: 5, 5s, 2m, 6h (0 turns it off)', optional: true }),
    },
    async run(ctx, input) {
      if (!ctx.guild) throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
      let channel: GuildBasedChannel | null = (ctx.channel as GuildBasedChannel | null) ?? null;
      let delay = input.delay;
      const first = input.channel_or_delay;
      if (first !== undefined) {
        const found = await guildResolver(ctx.client, ctx.guild).channel(first);
        // Not a channel: the word is the delay ("-1" and "abc" get the delay messages), unless it names a channel.
        if (found) channel = found;
        else if (delay === undefined && !/^(?:<#|#)/.test(first)) delay = first;
        else throw new UserError('moderation.slowmode-channel', `Channel not found: ${first}`);
      }
      if (!hasSlowmode(channel)) {
        throw new UserError(
          'moderation.slowmode-type',
          'That channel has no slowmode. Pick a text, voice or forum channel, or a thread.',
        );
      }
      const where = `<#${channel.id}>`;
      if (delay === undefined) {
        const current = channel.rateLimitPerUser ?? 0;
        const text =
          current === 0
            ? `Slowmode is disabled in ${where}.`
            : `The slowmode in ${where} is ${describeSlowmode(current)}.`;
        await ctx.reply({ embeds: [infoEmbed({ description: text })], ephemeral: true });
        return;
      }
      const seconds = parseSlowmodeDelay(delay);
      await channel.setRateLimitPerUser(seconds, `Slowmode set by ${ctx.user.username}`);
      const text =
        seconds === 0
          ? `Slowmode has been disabled in ${where}.`
          : `Slowmode has been set to ${describeSlowmode(seconds)} in ${where}.`;
      await ctx.reply({ embeds: [successEmbed({ description: text })], ephemeral: true });
      await kit
        .deps()
        .modLog.post(
          createDiscordGuildPort(ctx.guild),
          'SLOWMODE',
          logNoticeEmbed('Slowmode changed', text, ctx.user.id),
        );
    },
  });
}
