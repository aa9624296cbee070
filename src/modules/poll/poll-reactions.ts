/** On a reaction poll, any reaction other than the keycaps is removed, as in Tux. */
import { defineEvent } from '#discord/module.ts';
import { isKeycap, POLL_AUTHOR } from './poll-command.ts';

export const pollReactionGuard = defineEvent({
  event: 'messageReactionAdd',
  async run(ctx, reaction, user) {
    if (user.bot) return;
    const full = reaction.partial ? await reaction.fetch().catch(() => null) : reaction;
    if (!full) return;
    const message = full.message.partial ? await full.message.fetch().catch(() => null) : full.message;
    if (!message || message.author?.id !== ctx.discord.client.user?.id) return;
    if (!message.embeds[0]?.author?.name?.startsWith(POLL_AUTHOR)) return;
    if (full.emoji.id === null && full.emoji.name && isKeycap(full.emoji.name)) return;
    await full.remove().catch(() => undefined);
  },
});
