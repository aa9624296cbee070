/**
 * Brings a message's starboard post in line with its stars: created at the threshold, edited when the count
 * changes, deleted below it. Runs under a per-message lock and stores the post id before releasing it, so a burst
 * of reactions leaves exactly one post.
 */
import type { APIEmbed, Message, PartialMessage } from 'discord.js';
import { eq } from 'drizzle-orm';
import type { BotContext } from '#discord/context.ts';
import { starboardPosts } from './schema.ts';
import { matchesEmoji, type StarboardSettings } from './settings.ts';

export function starboardEmbed(message: Message, stars: number, emoji: string): APIEmbed {
  const image = message.attachments.find(
    (a) => a.contentType?.startsWith('image/') ?? /\.(png|jpe?g|gif|webp)$/i.test(a.name),
  );
  return {
    color: 0xffd700,
    author: {
      name: message.member?.displayName ?? message.author.displayName,
      icon_url: message.author.displayAvatarURL(),
    },
    ...(message.content ? { description: message.content.slice(0, 4096) } : {}),
    ...(image ? { image: { url: image.url } } : {}),
    fields: [{ name: 'Source', value: `[Jump to message](${message.url})` }],
    footer: { text: `${stars} ${emoji}` },
    timestamp: message.createdAt.toISOString(),
  };
}

export async function syncStarboard(ctx: BotContext, partial: Message | PartialMessage): Promise<void> {
  if (!partial.guildId) return;
  const s = ctx.settings.get<StarboardSettings>('starboard', partial.guildId);
  if (!s.channel || partial.channelId === s.channel) return;
  const message = await partial.fetch().catch(() => null);
  if (!message?.inGuild()) return;
  if (s.exclude_nsfw && 'nsfw' in message.channel && message.channel.nsfw) return;
  const reaction = message.reactions.cache.find((r) => matchesEmoji(s.emoji, r.emoji));
  let stars = reaction?.count ?? 0;
  if (reaction && stars > 0) {
    const users = await reaction.users.fetch({ limit: 100 }).catch(() => null);
    if (users?.has(message.author.id)) {
      // The author's own star does not count, and is taken off the message (as in Tux).
      stars -= 1;
      await reaction.users.remove(message.author.id).catch(() => undefined);
    }
  }
  const row = ctx.db.orm.select().from(starboardPosts).where(eq(starboardPosts.messageId, message.id)).get();
  const board = await ctx.discord.client.channels.fetch(s.channel).catch(() => null);
  if (!board?.isSendable()) return;
  const now = Date.now();
  if (stars >= s.threshold) {
    const embed = starboardEmbed(message, stars, s.emoji);
    if (row?.postId) {
      if (row.stars === stars) return;
      const post = 'messages' in board ? await board.messages.fetch(row.postId).catch(() => null) : null;
      if (post) {
        await post.edit({ embeds: [embed] });
        ctx.db.orm
          .update(starboardPosts)
          .set({ stars, updatedAt: now })
          .where(eq(starboardPosts.messageId, message.id))
          .run();
        return;
      }
    }
    const post = await board.send({ embeds: [embed], allowedMentions: { parse: [] } });
    ctx.db.orm
      .insert(starboardPosts)
      .values({
        messageId: message.id,
        guildId: message.guildId,
        channelId: message.channelId,
        authorId: message.author.id,
        postId: post.id,
        stars,
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: starboardPosts.messageId, set: { postId: post.id, stars, updatedAt: now } })
      .run();
    return;
  }
  if (row?.postId) {
    if ('messages' in board) await board.messages.delete(row.postId).catch(() => undefined);
    ctx.db.orm.delete(starboardPosts).where(eq(starboardPosts.messageId, message.id)).run();
  }
}
