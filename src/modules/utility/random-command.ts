/** `random coinflip|8ball|dice|number`. */
import { randomInt } from 'node:crypto';
import { arg, defineCommand, flag, UserError } from '#discord/commands/index.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { eightBallReply, pickAnswer } from './eight-ball.ts';

/** Tux's number reading: "1,000" is 1000 and "1.5" is 15 (separators are dropped, not parsed). */
export function parseLooseInteger(text: string): number | null {
  const digits = text.replaceAll(',', '').replaceAll('.', '').trim();
  if (!/^[+-]?\d+$/.test(digits)) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

export const randomCommand = defineCommand({
  name: 'random',
  aliases: ['rand'],
  description: 'Coin flips, the magic 8-ball, dice and random numbers',
  category: 'Fun',
  defaultRank: 0,
  guildOnly: true,
  examples: ['random coinflip', 'random 8ball will it work?', 'random dice 20', 'random number 1 1,000'],
  subcommands: [
    defineCommand({
      name: 'coinflip',
      aliases: ['cf'],
      description: 'Flip a coin',
      run: (ctx) => ctx.reply(randomInt(2) === 0 ? 'You got heads!' : 'You got tails!'),
    }),
    defineCommand({
      name: '8ball',
      aliases: ['eightball', '8b'],
      description: 'Ask the magic 8-ball a question',
      args: {
        question: arg.text({ description: 'Your question', max: 1000 }),
      },
      flags: { cow: flag.boolean({ description: 'Let a cow answer instead of Tux' }) },
      run: (ctx, { question, cow }) => ctx.reply(eightBallReply(question, pickAnswer(), cow)),
    }),
    defineCommand({
      name: 'dice',
      aliases: ['d'],
      description: 'Roll a die',
      args: { sides: arg.integer({ description: 'Number of sides (default 6)', default: 6, max: 1_000_000_000 }) },
      async run(ctx, { sides }) {
        if (sides < 2) throw new UserError('random.dice_sides', 'The dice must have at least 2 sides.');
        await ctx.reply({
          embeds: [
            brandEmbed('info', {
              title: `Dice Roll (D${sides})`,
              description: `You rolled a ${randomInt(1, sides + 1)}!`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'number',
      aliases: ['n'],
      description: 'A random whole number between two values (inclusive)',
      args: {
        minimum: arg.string({ description: 'Smallest value (default 0)', default: '0', max: 30 }),
        maximum: arg.string({ description: 'Largest value (default 100)', default: '100', max: 30 }),
      },
      async run(ctx, { minimum, maximum }) {
        const min = parseLooseInteger(minimum);
        const max = parseLooseInteger(maximum);
        if (min === null || max === null) {
          throw new UserError(
            'random.bad_number',
            'Invalid input for minimum or maximum value. Please provide valid numbers.',
          );
        }
        if (min >= max) {
          throw new UserError('random.bad_range', 'The minimum value must be less than the maximum value.');
        }
        if (max - min >= 2 ** 48) {
          throw new UserError('random.range_too_wide', 'The range is too wide: keep maximum − minimum under 2^48.');
        }
        await ctx.reply(`Your random number is: ${randomInt(min, max + 1)}`);
      },
    }),
  ],
});
