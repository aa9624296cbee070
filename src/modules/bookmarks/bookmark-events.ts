/**
 * 🔖 on a message DMs the reactor a copy (with its images re-uploaded); 🗑️ on such a DM deletes it. When the
 * member's DMs are closed, the channel is told, as in Tux.
 */
import type { Message, MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { BotContext } from '#discord/context.ts';
import { defineEvent } from '#discord/module.ts';
import { bookmarkEmbed, type FileToCopy, filesToCopy, MAX_FILE_BYTES, MAX_TOTAL_BYTES } from './bookmark-message.ts';

export const BOOKMARK = '🔖';
export const DELETE = '🗑️';
const DOWNLOAD_TIMEOUT_MS = 15_000;

/** Downloads what fits the limits; a file that fails or is too big is left as the link in the embed. */
async function download(files: FileToCopy[]): Promise<{ attachment: Buffer; name: string }[]> {
  const out: { attachment: Buffer; name: string }[] = [];
  let total = 0;
  for (const f of files) {
    try {
      const res = await fetch(f.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (!res.ok) continue;
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > MAX_FILE_BYTES || total + declared > MAX_TOTAL_BYTES) continue;
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > MAX_FILE_BYTES || total + body.length > MAX_TOTAL_BYTES) continue;
      total += body.length;
      out.push({ attachment: body, name: f.name });
    } catch {
      // unreachable or too slow: the link stays in the embed
    }
  }
  return out;
}

async function resolve(
  reaction: MessageReaction | PartialMessageReaction,
): Promise<{ r: MessageReaction; m: Message } | null> {
  const r = reaction.partial ? await reaction.fetch().catch(() => null) : reaction;
  if (!r) return null;
  const m = r.message.partial ? await r.message.fetch().catch(() => null) : r.message;
  return m ? { r, m: m as Message } : null;
}

async function bookmark(ctx: BotContext, message: Message, user: User): Promise<void> {
  const files = await download(filesToCopy(message));
  try {
    const dm = await user.send({ embeds: [bookmarkEmbed(message)], files });
    await dm.react(DELETE).catch(() => undefined);
  } catch {
    if (!message.channel.isSendable()) return;
    await message.channel
      .send({
        content: `<@${user.id}>, I couldn't send you a DM. Please check your privacy settings.`,
        allowedMentions: { users: [user.id] },
      })
      .catch((err: Error) => ctx.log.debug({ err: err.message }, 'bookmark notice failed'));
  }
}

export const bookmarkReaction = defineEvent({
  event: 'messageReactionAdd',
  async run(ctx, reaction, user: User | PartialUser) {
    if (user.bot) return;
    const name = reaction.emoji.name;
    if (name !== BOOKMARK && name !== DELETE && name !== '🗑') return;
    const got = await resolve(reaction);
    if (!got) return;
    const full = user.partial ? await user.fetch().catch(() => null) : user;
    if (!full) return;
    if (name === BOOKMARK) {
      await bookmark(ctx, got.m, full);
      return;
    }
    // 🗑️ only deletes the bot's own bookmark DMs.
    const botId = ctx.discord.client.user?.id;
    if (got.m.guildId === null && got.m.author.id === botId && got.m.embeds[0]?.title === 'Message Bookmarked') {
      await got.m.delete().catch(() => undefined);
    }
  },
});
