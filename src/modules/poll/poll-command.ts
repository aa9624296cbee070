/**
 * `/poll`: Tux's reaction poll (2–9 options, keycap reactions, other reactions removed) or, with `native`,
 * Discord's own poll with a duration. A member whose latest POLLBAN/POLLUNBAN case is a POLLBAN cannot start one.
 */
import { arg, type CommandContext, defineCommand, flag, UserError } from '#discord/commands/index.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { latestCaseOf } from '#modules/cases/index.ts';

export const POLL_AUTHOR = 'Poll';
/** 1️⃣ … 9️⃣. */
export const KEYCAPS = Array.from({ length: 9 }, (_, i) => `${i + 1}\uFE0F\u20E3`);

/** Whether an emoji is one of the poll's keycaps (with or without the variation selector). */
export function isKeycap(emoji: string): boolean {
  return KEYCAPS.includes(emoji) || KEYCAPS.includes(emoji.replace('\u20E3', '\uFE0F\u20E3'));
}

export function splitOptions(options: string): string[] {
  return options.split(',').map((o) => o.trim());
}

async function refusePollBanned(ctx: CommandContext): Promise<void> {
  if (!ctx.guildId) return;
  const latest = latestCaseOf(ctx.app.db, ctx.guildId, ctx.user.id, ['POLLBAN', 'POLLUNBAN']);
  if (latest?.type === 'POLLBAN') {
    throw new UserError('poll.banned', 'You are banned from creating polls.', {}, 'Poll Banned');
  }
}

export const pollCommand = defineCommand({
  name: 'poll',
  description: 'Start a poll (2–9 options, comma separated)',
  category: 'Utility',
  defaultRank: 0,
  guildOnly: true,
  cooldown: 10,
  examples: ['poll "Best editor?" vim, emacs, nano', 'poll "Lunch?" pizza, sushi -native -hours 4'],
  args: {
    title: arg.string({ description: 'Title of the poll', max: 256 }),
    options: arg.text({ description: 'Poll options, comma separated', max: 1000 }),
  },
  flags: {
    native: flag.boolean({ description: "Use Discord's own poll instead of reactions" }),
    hours: flag.integer({ description: 'How long a native poll runs, in hours (1–768, default 24)', min: 1, max: 768 }),
  },
  async run(ctx, { title, options, native, hours }) {
    await refusePollBanned(ctx);
    const list = splitOptions(options);
    if (list.length < 2 || list.length > 9) {
      throw new UserError(
        'poll.option_count',
        `Poll options count needs to be between 2-9, you provided ${list.length} options.`,
        {},
        'Invalid options count',
      );
    }
    if (list.some((o) => o.length === 0)) {
      throw new UserError('poll.empty_option', 'An option is empty: check for two commas in a row or one at the end.');
    }
    if (native) {
      if (title.length > 300 || list.some((o) => o.length > 55)) {
        throw new UserError(
          'poll.native_limits',
          "Discord's polls allow a question of up to 300 characters and options of up to 55.",
        );
      }
      await ctx.reply({
        poll: {
          question: { text: title },
          answers: list.map((text) => ({ text })),
          duration: hours ?? 24,
          allowMultiselect: false,
        },
      });
      return;
    }
    if (hours !== undefined) throw new UserError('poll.hours_without_native', '`hours` only applies to native polls.');
    const message = await ctx.reply({
      embeds: [
        {
          ...brandEmbed('info', { title, description: list.map((o, i) => `${KEYCAPS[i]} ${o}`).join('\n') }),
          author: { name: POLL_AUTHOR, icon_url: ctx.user.displayAvatarURL() },
        },
      ],
    });
    for (const keycap of KEYCAPS.slice(0, list.length)) await message.react(keycap);
  },
});
