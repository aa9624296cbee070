import { PermissionFlagsBits } from 'discord-api-types/v10';
import { ApiError, invalidField } from '../api-error.ts';
import { dispatch, type FakeContext, hasChannelPermission, requireChannelPermission } from '../context.ts';
import {
  type AllowedMentions,
  addReaction,
  createMessage,
  deleteMessage,
  editMessage,
  emojiKey,
  type NewMessage,
  parseEmoji,
  removeReaction,
  storeAttachments,
} from '../message-ops.ts';
import { isThread } from '../permissions.ts';
import { renderMember, renderMessage, renderMessageEvent, renderUser } from '../render.ts';
import type { RestRequest, RestRouter } from '../rest-router.ts';
import { snowflakeTime } from '../snowflake.ts';
import { messageLimitIssues, throwIfIssues } from '../validation.ts';
import { compareIds, type StoredChannel, type StoredMessage } from '../world.ts';

/** Messages, bulk delete, pins, reactions and typing. */

export interface MessageBody {
  content?: string | null;
  embeds?: NewMessage['embeds'];
  components?: NewMessage['components'];
  flags?: number | null;
  tts?: boolean | null;
  nonce?: string | number | null;
  message_reference?: {
    message_id?: string;
    channel_id?: string;
    guild_id?: string;
    fail_if_not_exists?: boolean;
  } | null;
  allowed_mentions?: AllowedMentions | null;
  attachments?: { id?: string | number; filename?: string; description?: string }[] | null;
  sticker_ids?: string[] | null;
  poll?: unknown;
}

const FOURTEEN_DAYS = 14 * 24 * 60 * 60 * 1000;

export function messageBody(request: RestRequest): MessageBody {
  return (request.body ?? {}) as MessageBody;
}

/** Refuses a message with nothing in it (Discord's 50006). */
export function requireNonEmpty(body: MessageBody, fileCount: number): void {
  const empty =
    !body.content &&
    !body.embeds?.length &&
    !body.components?.length &&
    !body.sticker_ids?.length &&
    !body.poll &&
    fileCount === 0;
  if (empty) throw new ApiError(400, 50006, 'Cannot send an empty message');
}

function requireSendable(ctx: FakeContext, channel: StoredChannel, request: RestRequest, body: MessageBody): void {
  const botId = ctx.world.botId;
  if (channel.type === 1) {
    const other = channel.recipients?.find((id) => id !== botId);
    if (!other || ctx.world.closedDms.has(other) || ctx.world.users.get(other)?.bot) {
      throw new ApiError(403, 50007, 'Cannot send messages to this user');
    }
    return;
  }
  if (channel.type === 2 || channel.type === 4)
    throw new ApiError(400, 50008, 'Cannot send messages in a non-text channel');
  requireChannelPermission(
    ctx,
    channel,
    botId,
    isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
  );
  if (
    channel.thread_metadata?.locked &&
    !hasChannelPermission(ctx, channel, botId, PermissionFlagsBits.ManageThreads)
  ) {
    throw new ApiError(403, 50083, 'Thread is archived');
  }
  if (request.files.length) requireChannelPermission(ctx, channel, botId, PermissionFlagsBits.AttachFiles);
  if (body.message_reference?.message_id) {
    const replied = ctx.world.messages.get(body.message_reference.message_id);
    if (!replied && body.message_reference.fail_if_not_exists !== false) {
      throw invalidField(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    }
  }
}

function listMessages(ctx: FakeContext, request: RestRequest) {
  const channel = ctx.world.channel(request.params.channel_id!);
  requireChannelPermission(ctx, channel, ctx.world.botId);
  if (!hasChannelPermission(ctx, channel, ctx.world.botId, PermissionFlagsBits.ReadMessageHistory))
    return { status: 200, body: [] };
  const limitRaw = request.query.get('limit');
  const limit = limitRaw === null ? 50 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidField(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.');
  }
  const all = ctx.world.channelMessages(channel.id);
  const before = request.query.get('before');
  const after = request.query.get('after');
  const around = request.query.get('around');
  let picked: StoredMessage[];
  if (around) {
    const older = all.filter((m) => compareIds(m.id, around) < 0).slice(-Math.floor(limit / 2));
    const rest = all.filter((m) => compareIds(m.id, around) >= 0).slice(0, limit - older.length);
    picked = [...older, ...rest];
  } else if (after) {
    picked = all.filter((m) => compareIds(m.id, after) > 0).slice(0, limit);
  } else {
    const upper = before ? all.filter((m) => compareIds(m.id, before) < 0) : all;
    picked = upper.slice(-limit);
  }
  return { status: 200, body: picked.reverse().map((m) => renderMessage(ctx.world, m)) };
}

function setPinned(ctx: FakeContext, request: RestRequest, pinned: boolean) {
  const channel = ctx.world.channel(request.params.channel_id!);
  requireChannelPermission(ctx, channel, ctx.world.botId);
  if (
    !hasChannelPermission(ctx, channel, ctx.world.botId, PermissionFlagsBits.ManageMessages) &&
    !hasChannelPermission(ctx, channel, ctx.world.botId, PermissionFlagsBits.PinMessages)
  ) {
    requireChannelPermission(ctx, channel, ctx.world.botId, PermissionFlagsBits.ManageMessages);
  }
  const message = ctx.world.message(channel.id, request.params.message_id!);
  if (message.pinned !== pinned) {
    message.pinned = pinned;
    channel.last_pin_timestamp = ctx.world.nowIso();
    dispatch(ctx, 'MESSAGE_UPDATE', renderMessageEvent(ctx.world, message), { guildId: message.guild_id, message });
    const d: Record<string, unknown> = { channel_id: channel.id, last_pin_timestamp: channel.last_pin_timestamp };
    if (channel.guild_id) d.guild_id = channel.guild_id;
    dispatch(ctx, 'CHANNEL_PINS_UPDATE', d, { guildId: channel.guild_id });
  }
  return { status: 204 };
}

function reactionTarget(ctx: FakeContext, request: RestRequest) {
  const channel = ctx.world.channel(request.params.channel_id!);
  requireChannelPermission(ctx, channel, ctx.world.botId, PermissionFlagsBits.ReadMessageHistory);
  const message = ctx.world.message(channel.id, request.params.message_id!);
  return { channel, message };
}

export function registerMessageRoutes(router: RestRouter, ctx: FakeContext): void {
  const { world } = ctx;

  router.add('GET', '/channels/{channel_id}/messages', (r) => listMessages(ctx, r));

  router.add('GET', '/channels/{channel_id}/messages/{message_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ReadMessageHistory);
    return { status: 200, body: renderMessage(world, world.message(channel.id, r.params.message_id!)) };
  });

  router.add('POST', '/channels/{channel_id}/messages', (r) => {
    const channel = world.channel(r.params.channel_id!);
    const body = messageBody(r);
    throwIfIssues(messageLimitIssues(body));
    requireSendable(ctx, channel, r, body);
    requireNonEmpty(body, r.files.length);
    const message = createMessage(ctx, {
      channel,
      authorId: world.botId,
      content: body.content,
      embeds: body.embeds,
      components: body.components,
      flags: body.flags,
      tts: body.tts,
      nonce: body.nonce,
      messageReference: body.message_reference?.message_id
        ? (body.message_reference as NewMessage['messageReference'])
        : null,
      allowedMentions: body.allowed_mentions,
      attachments: storeAttachments(ctx, channel.id, r.files, body.attachments),
      poll: body.poll,
    });
    return { status: 200, body: renderMessage(world, message) };
  });

  router.add('PATCH', '/channels/{channel_id}/messages/{message_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, world.botId);
    const message = world.message(channel.id, r.params.message_id!);
    const body = messageBody(r);
    throwIfIssues(messageLimitIssues(body, [], message.flags));
    if (message.author_id !== world.botId) {
      const onlyFlags = Object.keys(body).every((k) => k === 'flags');
      if (!onlyFlags) throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
      requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ManageMessages);
    }
    const kept = body.attachments
      ? message.attachments.filter((a) => body.attachments!.some((k) => String(k.id) === a.id))
      : undefined;
    const added = r.files.length ? storeAttachments(ctx, channel.id, r.files, body.attachments) : [];
    editMessage(ctx, message, {
      content: body.content,
      embeds: body.embeds,
      components: body.components,
      flags: body.flags,
      allowedMentions: body.allowed_mentions,
      attachments: kept || added.length ? [...(kept ?? message.attachments), ...added] : undefined,
    });
    return { status: 200, body: renderMessage(world, message) };
  });

  router.add('DELETE', '/channels/{channel_id}/messages/{message_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, world.botId);
    const message = world.message(channel.id, r.params.message_id!);
    if (message.author_id !== world.botId)
      requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ManageMessages);
    deleteMessage(ctx, message);
    return { status: 204 };
  });

  router.add('POST', '/channels/{channel_id}/messages/bulk-delete', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ManageMessages);
    const ids = (r.body as { messages?: string[] } | undefined)?.messages ?? [];
    if (ids.length < 2 || ids.length > 100) {
      throw invalidField(['messages'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 2 and 100 in length.');
    }
    if (ids.some((id) => Date.now() - snowflakeTime(id) > FOURTEEN_DAYS)) {
      throw new ApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.');
    }
    const deleted: string[] = [];
    for (const id of new Set(ids)) {
      const message = world.messages.get(id);
      if (message && message.channel_id === channel.id) {
        world.messages.delete(id);
        deleted.push(id);
        world.bus.emit('message-delete', message);
      }
    }
    const d: Record<string, unknown> = { ids: deleted, channel_id: channel.id };
    if (channel.guild_id) d.guild_id = channel.guild_id;
    if (deleted.length) dispatch(ctx, 'MESSAGE_DELETE_BULK', d, { guildId: channel.guild_id });
    return { status: 204 };
  });

  // Pins: the legacy routes and the paginated ones discord.js 14.28 uses.
  const listPins = (r: RestRequest) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ReadMessageHistory);
    return world
      .channelMessages(channel.id)
      .filter((m) => m.pinned)
      .reverse();
  };
  router.add('GET', '/channels/{channel_id}/pins', (r) => ({
    status: 200,
    body: listPins(r).map((m) => renderMessage(world, m)),
  }));
  router.add('GET', '/channels/{channel_id}/messages/pins', (r) => ({
    status: 200,
    body: {
      items: listPins(r).map((m) => ({
        pinned_at: m.edited_timestamp ?? m.timestamp,
        message: renderMessage(world, m),
      })),
      has_more: false,
    },
  }));
  for (const base of [
    '/channels/{channel_id}/pins/{message_id}',
    '/channels/{channel_id}/messages/pins/{message_id}',
  ]) {
    router.add('PUT', base, (r) => setPinned(ctx, r, true));
    router.add('DELETE', base, (r) => setPinned(ctx, r, false));
  }

  const reactionsBase = '/channels/{channel_id}/messages/{message_id}/reactions';
  router.add('PUT', `${reactionsBase}/{emoji_name}/@me`, (r) => {
    const { channel, message } = reactionTarget(ctx, r);
    const emoji = parseEmoji(r.params.emoji_name!);
    if (
      emoji.id &&
      !world.appEmojis.has(emoji.id) &&
      ![...world.guilds.values()].some((g) => g.emojis.has(emoji.id!))
    ) {
      throw new ApiError(400, 10014, 'Unknown Emoji');
    }
    if (!message.reactions.has(emojiKey(emoji)))
      requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.AddReactions);
    addReaction(ctx, message, world.botId, emoji);
    return { status: 204 };
  });
  router.add('DELETE', `${reactionsBase}/{emoji_name}/@me`, (r) => {
    const { message } = reactionTarget(ctx, r);
    removeReaction(ctx, message, world.botId, parseEmoji(r.params.emoji_name!));
    return { status: 204 };
  });
  router.add('DELETE', `${reactionsBase}/{emoji_name}/{user_id}`, (r) => {
    const { channel, message } = reactionTarget(ctx, r);
    if (r.params.user_id !== world.botId)
      requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ManageMessages);
    removeReaction(ctx, message, r.params.user_id!, parseEmoji(r.params.emoji_name!));
    return { status: 204 };
  });
  router.add('GET', `${reactionsBase}/{emoji_name}`, (r) => {
    const { message } = reactionTarget(ctx, r);
    const reaction = message.reactions.get(emojiKey(parseEmoji(r.params.emoji_name!)));
    const after = r.query.get('after');
    const limit = Number(r.query.get('limit') ?? 25);
    let ids = [...(reaction?.users ?? [])].sort(compareIds);
    if (after) ids = ids.filter((id) => compareIds(id, after) > 0);
    return { status: 200, body: ids.slice(0, limit).map((id) => renderUser(world, id)) };
  });
  router.add('DELETE', reactionsBase, (r) => {
    const { channel, message } = reactionTarget(ctx, r);
    requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ManageMessages);
    message.reactions.clear();
    const d: Record<string, unknown> = { channel_id: channel.id, message_id: message.id };
    if (channel.guild_id) d.guild_id = channel.guild_id;
    dispatch(ctx, 'MESSAGE_REACTION_REMOVE_ALL', d, { guildId: channel.guild_id });
    return { status: 204 };
  });
  router.add('DELETE', `${reactionsBase}/{emoji_name}`, (r) => {
    const { channel, message } = reactionTarget(ctx, r);
    requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.ManageMessages);
    const emoji = parseEmoji(r.params.emoji_name!);
    const reaction = message.reactions.get(emojiKey(emoji));
    if (reaction) {
      message.reactions.delete(emojiKey(emoji));
      const d: Record<string, unknown> = { channel_id: channel.id, message_id: message.id, emoji: reaction.emoji };
      if (channel.guild_id) d.guild_id = channel.guild_id;
      dispatch(ctx, 'MESSAGE_REACTION_REMOVE_EMOJI', d, { guildId: channel.guild_id });
    }
    return { status: 204 };
  });

  router.add('POST', '/channels/{channel_id}/typing', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, world.botId, PermissionFlagsBits.SendMessages);
    const d: Record<string, unknown> = {
      channel_id: channel.id,
      user_id: world.botId,
      timestamp: Math.floor(Date.now() / 1000),
    };
    if (channel.guild_id) {
      // Discord sends the typing member in guilds; Eris reads it.
      d.guild_id = channel.guild_id;
      d.member = renderMember(world, world.guild(channel.guild_id), world.botId);
    }
    dispatch(ctx, 'TYPING_START', d, { guildId: channel.guild_id });
    return { status: 204 };
  });
}
