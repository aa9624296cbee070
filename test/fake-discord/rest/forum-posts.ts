/** `POST /channels/{forum}/threads` on a forum channel: the bot opens a post with its first message. */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { ApiError } from '../api-error.ts';
import { type FakeContext, requireChannelPermission } from '../context.ts';
import { createForumPost } from '../forums.ts';
import type { AllowedMentions } from '../message-ops.ts';
import { renderChannel, renderMessage } from '../render.ts';
import type { StoredChannel } from '../world.ts';

interface ForumPostBody {
  name: string;
  auto_archive_duration?: number | null;
  rate_limit_per_user?: number | null;
  applied_tags?: string[] | null;
  message?: {
    content?: string | null;
    embeds?: import('discord-api-types/v10').APIEmbed[] | null;
    allowed_mentions?: AllowedMentions | null;
  } | null;
}

export function createForumPostRoute(ctx: FakeContext, forum: StoredChannel, raw: unknown) {
  const body = (raw ?? {}) as ForumPostBody;
  // Posting in a forum needs Send Messages there (not Create Public Threads).
  requireChannelPermission(ctx, forum, ctx.world.botId, PermissionFlagsBits.SendMessages);
  if (!body.message) {
    throw new ApiError(400, 50035, 'Invalid Form Body', {
      message: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
    });
  }
  const { thread, message } = createForumPost(ctx, forum, {
    ownerId: ctx.world.botId,
    name: body.name,
    content: body.message.content,
    embeds: body.message.embeds,
    allowedMentions: body.message.allowed_mentions,
    appliedTags: body.applied_tags ?? undefined,
    autoArchiveDuration: body.auto_archive_duration ?? undefined,
    rateLimitPerUser: body.rate_limit_per_user ?? undefined,
  });
  return { status: 201, body: { ...renderChannel(ctx.world, thread), message: renderMessage(ctx.world, message) } };
}
