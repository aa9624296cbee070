/**
 * Everyday utility and fun commands that need nothing but the bot: `random coinflip|8ball|dice|number` and
 * `encode`/`decode` (base16/32/64/85). Answers and messages are Tux's.
 */
import { defineModule } from '#discord/module.ts';
import { decodeCommand, encodeCommand } from './encode-commands.ts';
import { randomCommand } from './random-command.ts';
import { timezonesCommand } from './timezones-command.ts';

export function createUtilityModule() {
  return defineModule({
    name: 'utility',
    description: 'Random answers (coin, 8-ball, dice, numbers) and base16/32/64/85 encode and decode',
    commands: [randomCommand, encodeCommand, decodeCommand, timezonesCommand],
  });
}
