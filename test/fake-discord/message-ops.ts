import type {
  APIActionRowComponent,
  APIAttachment,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIMessageReference,
} from 'discord-api-types/v10';
import { ApiError } from './api-error.ts';
import { IS_COMPONENTS_V2 } from './components-v2.ts';
import { dispatch, type FakeContext } from './context.ts';
import type { UploadedFile } from './http-body.ts';
import { renderMessageEvent } from './render.ts';
import type { StoredChannel, StoredMessage } from './world.ts';

/** Creating, editing and deleting messages and reactions, with their gateway events. */

export interface NewMessage {
  channel: StoredChannel;
  authorId: string;
  content?: string | null | undefined;
  embeds?: APIEmbed[] | null | undefined;
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[] | null | undefined;
  attachments?: APIAttachment[];
  flags?: number | null | undefined;
  tts?: boolean | null | undefined;
  nonce?: string | number | null | undefined;
  messageReference?: APIMessageReference | null | undefined;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: Record<string, unknown>;
  type?: number;
  ephemeral?: boolean;
  /** Backdates the message (its id encodes this time). */
  createdAt?: Date;
  allowedMentions?: AllowedMentions | null | undefined;
  /** The poll of a create request: question, answers, duration (hours), allow_multiselect, layout_type. */
  poll?: unknown;
  /** A given id (a forum post's starter message has its thread's id). */
  id?: string;
}

interface PollRequest {
  question: { text?: string };
  answers: { poll_media: { text?: string; emoji?: unknown } }[];
  duration?: number;
  allow_multiselect?: boolean;
  layout_type?: number;
}

/** A poll request as Discord stores and renders it. */
function storedPoll(request: PollRequest, createdAt: Date): Record<string, unknown> {
  const hours = request.duration ?? 24;
  return {
    question: request.question,
    answers: request.answers.map((a, i) => ({ answer_id: i + 1, poll_media: a.poll_media })),
    expiry: new Date(createdAt.getTime() + hours * 3_600_000).toISOString(),
    allow_multiselect: request.allow_multiselect ?? false,
    layout_type: request.layout_type ?? 1,
    results: { is_finalized: false, answer_counts: [] },
  };
}

export interface AllowedMentions {
  parse?: ('users' | 'roles' | 'everyone')[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

/** Stores uploaded files and returns their attachment objects. */
export function storeAttachments(
  ctx: FakeContext,
  channelId: string,
  files: UploadedFile[],
  described?: unknown,
): APIAttachment[] {
  const descriptions = Array.isArray(described)
    ? (described as { id?: string | number; description?: string; filename?: string }[])
    : [];
  return files.map((file, index) => {
    const id = ctx.world.ids.next();
    const meta = descriptions.find((d) => String(d.id) === String(index)) ?? descriptions[index];
    const filename = meta?.filename ?? file.filename;
    const url = `${ctx.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    ctx.attachments.set(`${channelId}/${id}`, { data: file.data, contentType: file.contentType });
    const attachment: APIAttachment = {
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
    };
    if (meta?.description) attachment.description = meta.description;
    return attachment;
  });
}

export function parseMentions(
  ctx: FakeContext,
  channel: StoredChannel,
  content: string,
  allowed?: AllowedMentions | null,
): { users: string[]; roles: string[]; everyone: boolean } {
  const users = new Set<string>();
  for (const m of content.matchAll(/<@!?(\d{17,20})>/g)) if (ctx.world.users.has(m[1]!)) users.add(m[1]!);
  const roles = new Set<string>();
  const guild = channel.guild_id ? ctx.world.guilds.get(channel.guild_id) : undefined;
  for (const m of content.matchAll(/<@&(\d{17,20})>/g)) if (guild?.roles.has(m[1]!)) roles.add(m[1]!);
  let everyone = /@(everyone|here)/.test(content);
  if (allowed) {
    const parse = allowed.parse ?? [];
    const userList = new Set(allowed.users ?? []);
    const roleList = new Set(allowed.roles ?? []);
    for (const id of [...users]) if (!parse.includes('users') && !userList.has(id)) users.delete(id);
    for (const id of [...roles]) if (!parse.includes('roles') && !roleList.has(id)) roles.delete(id);
    if (!parse.includes('everyone')) everyone = false;
  }
  return { users: [...users], roles: [...roles], everyone };
}

export function createMessage(ctx: FakeContext, input: NewMessage): StoredMessage {
  const { world } = ctx;
  const content = input.content ?? '';
  const mentions = parseMentions(ctx, input.channel, content, input.allowedMentions);
  if (input.messageReference?.message_id && input.allowedMentions?.replied_user !== false) {
    const replied = world.messages.get(input.messageReference.message_id);
    if (replied && !mentions.users.includes(replied.author_id)) mentions.users.push(replied.author_id);
  }
  const createdAt = input.createdAt ?? new Date();
  const message: StoredMessage = {
    id: input.id ?? (input.createdAt ? world.ids.next(input.createdAt) : world.ids.next()),
    channel_id: input.channel.id,
    author_id: input.authorId,
    content,
    embeds: input.embeds ?? [],
    attachments: input.attachments ?? [],
    components: input.components ?? [],
    mentions: mentions.users,
    mention_roles: mentions.roles,
    mention_everyone: mentions.everyone,
    timestamp: createdAt.toISOString(),
    edited_timestamp: null,
    pinned: false,
    type: (input.type ?? (input.messageReference ? 19 : 0)) as StoredMessage['type'],
    flags: input.flags ?? 0,
    tts: input.tts ?? false,
    reactions: new Map(),
  };
  if (input.channel.guild_id) message.guild_id = input.channel.guild_id;
  if (input.nonce !== undefined && input.nonce !== null) message.nonce = input.nonce;
  if (input.messageReference) {
    message.message_reference = {
      type: 0,
      guild_id: input.channel.guild_id,
      ...input.messageReference,
      channel_id: input.messageReference.channel_id ?? input.channel.id,
    } as APIMessageReference;
  }
  if (input.webhookId) message.webhook_id = input.webhookId;
  if (input.applicationId) message.application_id = input.applicationId;
  if (input.interactionMetadata) message.interaction_metadata = input.interactionMetadata;
  if (input.ephemeral) message.ephemeral = true;
  if (input.poll) message.poll = storedPoll(input.poll as PollRequest, createdAt);
  world.messages.set(message.id, message);
  if (!message.ephemeral) {
    input.channel.last_message_id = message.id;
    if (input.channel.message_count !== undefined) {
      input.channel.message_count += 1;
      input.channel.total_message_sent = (input.channel.total_message_sent ?? 0) + 1;
    }
    dispatch(ctx, 'MESSAGE_CREATE', renderMessageEvent(world, message), { guildId: message.guild_id, message });
  }
  world.bus.emit('message', message);
  return message;
}

export interface MessageEdit {
  content?: string | null | undefined;
  embeds?: APIEmbed[] | null | undefined;
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[] | null | undefined;
  flags?: number | null | undefined;
  attachments?: APIAttachment[] | undefined;
  allowedMentions?: AllowedMentions | null | undefined;
}

export function editMessage(ctx: FakeContext, message: StoredMessage, edit: MessageEdit): StoredMessage {
  const channel = ctx.world.channel(message.channel_id);
  if (edit.content !== undefined) {
    message.content = edit.content ?? '';
    const mentions = parseMentions(ctx, channel, message.content, edit.allowedMentions);
    message.mentions = mentions.users;
    message.mention_roles = mentions.roles;
    message.mention_everyone = mentions.everyone;
  }
  if (edit.embeds !== undefined) message.embeds = edit.embeds ?? [];
  if (edit.components !== undefined) message.components = edit.components ?? [];
  if (edit.attachments !== undefined) message.attachments = edit.attachments;
  // Only SUPPRESS_EMBEDS (4) can be changed by an edit, except that a deferred reply (LOADING, 128) takes
  // IS_COMPONENTS_V2 with the edit that fills it in; LOADING clears once a deferred reply is edited.
  if (edit.flags !== undefined && edit.flags !== null) {
    const v2 = message.flags & 128 ? edit.flags & IS_COMPONENTS_V2 : 0;
    message.flags = (message.flags & ~4) | (edit.flags & 4) | v2;
  }
  message.flags &= ~128;
  message.edited_timestamp = ctx.world.nowIso();
  if (!message.ephemeral) {
    dispatch(ctx, 'MESSAGE_UPDATE', renderMessageEvent(ctx.world, message), { guildId: message.guild_id, message });
  }
  ctx.world.bus.emit('message-update', message);
  return message;
}

export function deleteMessage(ctx: FakeContext, message: StoredMessage): void {
  ctx.world.messages.delete(message.id);
  if (message.ephemeral) return;
  const d: Record<string, string> = { id: message.id, channel_id: message.channel_id };
  if (message.guild_id) d.guild_id = message.guild_id;
  dispatch(ctx, 'MESSAGE_DELETE', d, { guildId: message.guild_id });
  ctx.world.bus.emit('message-delete', message);
}

/** Parses an emoji as it appears in reaction routes: `👍`, `name:id` or `a:name:id`. */
export function parseEmoji(raw: string): { id: string | null; name: string | null; animated?: boolean } {
  const custom = /^(a:)?([\w-]+):(\d+)$/.exec(raw);
  if (custom)
    return custom[1] ? { id: custom[3]!, name: custom[2]!, animated: true } : { id: custom[3]!, name: custom[2]! };
  if (!raw || raw.length > 32) throw new ApiError(400, 10014, 'Unknown Emoji');
  return { id: null, name: raw };
}

export function emojiKey(emoji: { id: string | null; name: string | null }): string {
  return emoji.id ?? emoji.name ?? '';
}

export function addReaction(
  ctx: FakeContext,
  message: StoredMessage,
  userId: string,
  emoji: { id: string | null; name: string | null; animated?: boolean },
): void {
  const key = emojiKey(emoji);
  let reaction = message.reactions.get(key);
  if (!reaction) {
    reaction = { emoji, users: new Set() };
    message.reactions.set(key, reaction);
  }
  if (reaction.users.has(userId)) return;
  reaction.users.add(userId);
  const d: Record<string, unknown> = {
    user_id: userId,
    channel_id: message.channel_id,
    message_id: message.id,
    emoji,
    burst: false,
    type: 0,
    message_author_id: message.author_id,
  };
  if (message.guild_id) {
    d.guild_id = message.guild_id;
    const guild = ctx.world.guilds.get(message.guild_id);
    if (guild?.members.has(userId)) {
      const m = guild.members.get(userId)!;
      d.member = {
        user: ctx.world.users.get(userId),
        roles: m.roles,
        joined_at: m.joined_at,
        nick: m.nick,
        deaf: m.deaf,
        mute: m.mute,
        flags: m.flags,
      };
    }
  }
  dispatch(ctx, 'MESSAGE_REACTION_ADD', d, { guildId: message.guild_id });
}

export function removeReaction(
  ctx: FakeContext,
  message: StoredMessage,
  userId: string,
  emoji: { id: string | null; name: string | null },
): void {
  const reaction = message.reactions.get(emojiKey(emoji));
  if (!reaction?.users.delete(userId)) return;
  if (reaction.users.size === 0) message.reactions.delete(emojiKey(emoji));
  const d: Record<string, unknown> = {
    user_id: userId,
    channel_id: message.channel_id,
    message_id: message.id,
    emoji: reaction.emoji,
    burst: false,
    type: 0,
  };
  if (message.guild_id) d.guild_id = message.guild_id;
  dispatch(ctx, 'MESSAGE_REACTION_REMOVE', d, { guildId: message.guild_id });
}
