import type { APIAuditLogEntry, APIEmbed, APIGuildMember, APIMessage, APIRole, APIUser } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { ApiError } from './api-error.ts';
import { joinBurst, type MemberActionInput, memberAction } from './audit-log.ts';
import { cdnControlOps } from './cdn.ts';
import { type FakeContext, hasChannelPermission } from './context.ts';
import { ControlError } from './control-error.ts';
import type { ActiveFault, FaultInjector, FaultSpec } from './faults.ts';
import type { FixtureIds } from './fixture.ts';
import { forumControlOps } from './forum-ops.ts';
import {
  type CommandCall,
  type InteractionOrigin,
  newCommandInteraction,
  newComponentInteraction,
  newContextMenuInteraction,
  newModalSubmit,
} from './interaction-builder.ts';
import { inviteControlOps } from './invite-ops.ts';
import { gifLinkEmbeds } from './link-embeds.ts';
import { addMember, emitMemberUpdate, removeMember, setVoiceState } from './member-ops.ts';
import {
  addReaction,
  createMessage,
  deleteMessage,
  editMessage,
  type NewMessage,
  parseEmoji,
  removeReaction,
  storeAttachments,
} from './message-ops.ts';
import { isThread } from './permissions.ts';
import { type ActivityInput, normalizePresence } from './presences.ts';
import { renderChannel, renderMember, renderMessage, renderPresence } from './render.ts';
import { voiceOps } from './voice/voice-ops.ts';
import { requireCanJoin } from './voice-states.ts';
import type {
  RecordedEvent,
  RecordedRequest,
  RejectedRequest,
  StoredInteraction,
  StoredMessage,
  StoredPresence,
} from './world.ts';
import { compareIds } from './world.ts';

/**
 * The control operations: act as members, read state, wait for the bot, inject faults. Each takes one JSON input
 * and returns JSON. The HTTP control API (`POST /_fake/{op}`) and `FakeDiscordClient` expose exactly these.
 */

export interface ControlRuntime {
  ctx: FakeContext;
  faults: FaultInjector;
  ids: FixtureIds;
}

export interface FileInput {
  filename: string;
  /** UTF-8 text, or base64 when `base64` is true. */
  content: string;
  base64?: boolean;
  contentType?: string;
}

export interface SendMessageInput {
  channelId: string;
  userId: string;
  content?: string;
  embeds?: APIEmbed[];
  files?: FileInput[];
  /** Reply to this message. */
  replyTo?: string;
  /** ISO time to backdate the message to (for "too old to bulk delete" cases). */
  createdAt?: string;
  /** Skip the member's permission check (Discord's client would refuse a member who cannot send). */
  force?: boolean;
}

export interface InteractionView {
  id: string;
  type: number;
  userId: string;
  channelId: string;
  /** The callback: {type, data} as the bot sent it (type 4 reply, 5 defer, 6 deferUpdate, 7 update, 8 autocomplete, 9 modal). */
  callback: { type: number; data: Record<string, unknown> | null; at: string } | null;
  /** The reply message (includes ephemeral ones), or the component message for types 6/7. */
  original: APIMessage | null;
  followUps: APIMessage[];
  ephemeral: boolean;
  /** Autocomplete choices (callback type 8). */
  choices: { name: string; value: string | number }[] | null;
  /** The modal shown (callback type 9). */
  modal: Record<string, unknown> | null;
}

export interface InteractionStarted {
  interactionId: string;
  token: string;
}

function started(interaction: StoredInteraction): InteractionStarted {
  return { interactionId: interaction.id, token: interaction.token };
}

function viewInteraction(rt: ControlRuntime, interaction: StoredInteraction): InteractionView {
  const { world } = rt.ctx;
  const original = interaction.original_message_id ? world.messages.get(interaction.original_message_id) : undefined;
  const data = interaction.callback?.data ?? null;
  return {
    id: interaction.id,
    type: interaction.type,
    userId: interaction.user_id,
    channelId: interaction.channel_id,
    callback: interaction.callback,
    original: original ? renderMessage(world, original) : null,
    followUps: interaction.followup_ids.flatMap((id) => {
      const m = world.messages.get(id);
      return m ? [renderMessage(world, m)] : [];
    }),
    ephemeral: original ? (original.flags & 64) !== 0 : !!(((data?.flags as number | undefined) ?? 0) & 64),
    choices: interaction.callback?.type === 8 ? ((data?.choices as InteractionView['choices']) ?? []) : null,
    modal: interaction.callback?.type === 9 ? data : null,
  };
}

function toFiles(files: FileInput[] | undefined) {
  return (files ?? []).map((f, index) => ({
    field: `files[${index}]`,
    filename: f.filename,
    contentType: f.contentType ?? 'application/octet-stream',
    data: Buffer.from(f.content, f.base64 ? 'base64' : 'utf8'),
  }));
}

function guildOfChannel(rt: ControlRuntime, channelId: string) {
  const channel = rt.ctx.world.channel(channelId);
  return { channel, guild: channel.guild_id ? rt.ctx.world.guild(channel.guild_id) : null };
}

/** Waits until `check` returns a value, re-checking whenever the world reports a change. */
function waitFor<T>(rt: ControlRuntime, check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const { bus } = rt.ctx.world;
  const first = check();
  if (first !== undefined) return Promise.resolve(first);
  return new Promise<T>((resolve, reject) => {
    const events = ['message', 'message-update', 'message-delete', 'interaction-response', 'request'];
    const onChange = () => {
      const value = check();
      if (value !== undefined) {
        cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new ControlError(408, `Timed out after ${timeoutMs} ms waiting for ${what}.`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      for (const e of events) bus.off(e, onChange);
    };
    for (const e of events) bus.on(e, onChange);
  });
}

function requireMemberOf(rt: ControlRuntime, guildId: string, userId: string) {
  const guild = rt.ctx.world.guild(guildId);
  if (!guild.members.has(userId)) throw new ControlError(400, `User ${userId} is not a member of guild ${guildId}.`);
  return guild;
}

export const controlOps = {
  /** Key -> id maps of the seeded fixture (users, guilds, roles, channels) and the bot's id. */
  ids: (rt: ControlRuntime, _input: Record<string, never> = {}): FixtureIds => rt.ids,

  // ---- acting as members ----

  /** A member (or a DM partner) sends a message; mentions are parsed from `<@id>`, `<@&id>`, @everyone. */
  sendMessage: (rt: ControlRuntime, input: SendMessageInput): APIMessage => {
    const { ctx } = rt;
    const { channel, guild } = guildOfChannel(rt, input.channelId);
    if (guild) {
      requireMemberOf(rt, guild.id, input.userId);
      if (!input.force) {
        const bit = isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
        if (!hasChannelPermission(ctx, channel, input.userId, PermissionFlagsBits.ViewChannel | bit)) {
          throw new ControlError(
            403,
            `User ${input.userId} cannot send messages in #${channel.name} (missing permission or timed out); Discord would refuse. Pass force: true to send anyway.`,
          );
        }
      }
    } else if (!channel.recipients?.includes(input.userId)) {
      throw new ControlError(400, `User ${input.userId} is not a recipient of DM channel ${channel.id}.`);
    }
    if (!input.content && !input.embeds?.length && !input.files?.length)
      throw new ControlError(400, 'A message needs content, embeds or files.');
    const message = createMessage(ctx, {
      channel,
      authorId: input.userId,
      content: input.content,
      embeds: input.embeds ?? gifLinkEmbeds(input.content),
      attachments: storeAttachments(ctx, channel.id, toFiles(input.files)),
      messageReference: input.replyTo ? ({ message_id: input.replyTo } as NewMessage['messageReference']) : null,
      ...(input.createdAt ? { createdAt: new Date(input.createdAt) } : {}),
    });
    return renderMessage(ctx.world, message);
  },

  /** A user DMs the bot (the DM channel is created if needed). */
  sendDm: (rt: ControlRuntime, input: { userId: string; content?: string; files?: FileInput[] }): APIMessage => {
    const { world } = rt.ctx;
    world.user(input.userId);
    let channel = world.dmWith(input.userId);
    if (!channel) {
      channel = { id: world.ids.next(), type: 1, recipients: [world.botId, input.userId], last_message_id: null };
      world.channels.set(channel.id, channel);
    }
    return controlOps.sendMessage(rt, {
      channelId: channel.id,
      userId: input.userId,
      ...(input.content ? { content: input.content } : {}),
      ...(input.files ? { files: input.files } : {}),
    });
  },

  /** The author edits their message (MESSAGE_UPDATE). */
  editMessage: (rt: ControlRuntime, input: { messageId: string; content: string }): APIMessage => {
    const message = findMessage(rt, input.messageId);
    return renderMessage(rt.ctx.world, editMessage(rt.ctx, message, { content: input.content }));
  },

  /** The author (or a moderator) deletes a message (MESSAGE_DELETE). */
  deleteMessage: (rt: ControlRuntime, input: { messageId: string }): { deleted: true } => {
    deleteMessage(rt.ctx, findMessage(rt, input.messageId));
    return { deleted: true };
  },

  /** Runs a slash command; option values are plain (ids for users/channels/roles, {filename, content} for attachments). */
  runSlashCommand: (rt: ControlRuntime, input: InteractionOrigin & CommandCall): InteractionStarted =>
    started(newCommandInteraction(rt.ctx, input, input, 2)),

  /** Sends an autocomplete interaction with `focused` naming the option being typed. */
  autocomplete: (
    rt: ControlRuntime,
    input: InteractionOrigin & CommandCall & { focused: string },
  ): InteractionStarted => started(newCommandInteraction(rt.ctx, input, input, 4)),

  /** Runs a user (targetUserId) or message (targetMessageId) context-menu command. */
  runContextMenu: (
    rt: ControlRuntime,
    input: InteractionOrigin & { name: string; targetUserId?: string; targetMessageId?: string },
  ): InteractionStarted =>
    started(
      newContextMenuInteraction(rt.ctx, input, input.name, {
        ...(input.targetUserId ? { userId: input.targetUserId } : {}),
        ...(input.targetMessageId ? { messageId: input.targetMessageId } : {}),
      }),
    ),

  clickButton: (
    rt: ControlRuntime,
    input: { userId: string; messageId: string; customId: string },
  ): InteractionStarted => started(newComponentInteraction(rt.ctx, input.userId, input.messageId, input.customId)),

  selectMenu: (
    rt: ControlRuntime,
    input: { userId: string; messageId: string; customId: string; values: string[] },
  ): InteractionStarted =>
    started(newComponentInteraction(rt.ctx, input.userId, input.messageId, input.customId, input.values)),

  /** Submits the modal the bot showed in answer to `interactionId`; `fields` maps input custom_id -> value. */
  submitModal: (
    rt: ControlRuntime,
    input: { userId: string; interactionId: string; fields: Record<string, string | string[]> },
  ): InteractionStarted => started(newModalSubmit(rt.ctx, input.userId, input.interactionId, input.fields)),

  /** `emoji` is a unicode emoji or `name:id`. */
  addReaction: (rt: ControlRuntime, input: { userId: string; messageId: string; emoji: string }): { ok: true } => {
    addReaction(rt.ctx, findMessage(rt, input.messageId), input.userId, parseEmoji(input.emoji));
    return { ok: true };
  },

  /**
   * Many members react with one emoji at once: every reaction is stored and its gateway event sent in the same tick
   * (a starboard burst). Each user must be a member who can see the channel.
   */
  reactionBurst: (
    rt: ControlRuntime,
    input: { userIds: string[]; messageId: string; emoji: string },
  ): { ok: true; count: number } => {
    const message = findMessage(rt, input.messageId);
    const emoji = parseEmoji(input.emoji);
    if (message.guild_id) for (const userId of input.userIds) requireMemberOf(rt, message.guild_id, userId);
    for (const userId of input.userIds) addReaction(rt.ctx, message, userId, emoji);
    return { ok: true, count: message.reactions.get(emoji.id ?? emoji.name ?? '')?.users.size ?? 0 };
  },

  removeReaction: (rt: ControlRuntime, input: { userId: string; messageId: string; emoji: string }): { ok: true } => {
    removeReaction(rt.ctx, findMessage(rt, input.messageId), input.userId, parseEmoji(input.emoji));
    return { ok: true };
  },

  /**
   * Joins, or switches to, a voice channel as the member's client would: CONNECT is needed and a full channel
   * refuses them (unless they can move members). `force` skips both checks.
   */
  joinVoice: (
    rt: ControlRuntime,
    input: { userId: string; channelId: string; selfMute?: boolean; selfDeaf?: boolean; force?: boolean },
  ): { ok: true } => {
    const { channel, guild } = guildOfChannel(rt, input.channelId);
    if (!guild || (channel.type !== 2 && channel.type !== 13))
      throw new ControlError(400, `Channel ${input.channelId} is not a voice channel.`);
    requireMemberOf(rt, guild.id, input.userId);
    if (!input.force) requireCanJoin(rt.ctx, guild, channel, input.userId);
    setVoiceState(rt.ctx, guild, input.userId, channel.id, {
      ...(input.selfMute !== undefined ? { selfMute: input.selfMute } : {}),
      ...(input.selfDeaf !== undefined ? { selfDeaf: input.selfDeaf } : {}),
    });
    return { ok: true };
  },

  leaveVoice: (rt: ControlRuntime, input: { userId: string; guildId: string }): { ok: true } => {
    const guild = rt.ctx.world.guild(input.guildId);
    if (guild.voiceStates.has(input.userId)) setVoiceState(rt.ctx, guild, input.userId, null);
    return { ok: true };
  },

  /** Changes a member's nickname, roles or timeout as the guild owner would in Discord's UI (no bot permission checks). */
  updateMember: (
    rt: ControlRuntime,
    input: {
      guildId: string;
      userId: string;
      nick?: string | null;
      roles?: string[];
      communicationDisabledUntil?: string | null;
    },
  ): APIGuildMember => {
    const guild = requireMemberOf(rt, input.guildId, input.userId);
    const member = guild.members.get(input.userId)!;
    if (input.nick !== undefined) member.nick = input.nick;
    if (input.roles) {
      for (const id of input.roles)
        if (!guild.roles.has(id)) throw new ControlError(404, `Role ${id} does not exist in guild ${guild.id}.`);
      member.roles = [...new Set(input.roles)];
    }
    if (input.communicationDisabledUntil !== undefined)
      member.communication_disabled_until = input.communicationDisabledUntil;
    emitMemberUpdate(rt.ctx, guild, input.userId);
    return renderMember(rt.ctx.world, guild, input.userId);
  },

  /**
   * Sets a member's status and activities (PRESENCE_UPDATE to bots with GUILD_PRESENCES). A custom status is
   * `{type: 4, state: 'text', emoji?}`; offline and invisible members show no activities.
   */
  setPresence: (
    rt: ControlRuntime,
    input: {
      guildId: string;
      userId: string;
      status: StoredPresence['status'];
      activities?: ActivityInput[];
    },
  ): { ok: true } => {
    const guild = requireMemberOf(rt, input.guildId, input.userId);
    guild.presences.set(input.userId, normalizePresence(input.status, input.activities));
    rt.ctx.gateway.dispatch('PRESENCE_UPDATE', renderPresence(guild, input.userId), { guildId: guild.id });
    return { ok: true };
  },

  /** The member leaves the guild (GUILD_MEMBER_REMOVE). */
  leaveGuild: (rt: ControlRuntime, input: { guildId: string; userId: string }): { ok: true } => {
    const guild = requireMemberOf(rt, input.guildId, input.userId);
    if (input.userId === guild.owner_id) throw new ControlError(400, 'The owner cannot leave the guild.');
    removeMember(rt.ctx, guild, input.userId);
    return { ok: true };
  },

  /** The user joins (or rejoins) the guild (GUILD_MEMBER_ADD). Banned users are refused, as on Discord. */
  joinGuild: (rt: ControlRuntime, input: { guildId: string; userId: string; roles?: string[] }): APIGuildMember => {
    const guild = rt.ctx.world.guild(input.guildId);
    rt.ctx.world.user(input.userId);
    if (guild.bans.has(input.userId))
      throw new ControlError(403, `User ${input.userId} is banned from guild ${guild.id}.`);
    if (guild.members.has(input.userId)) throw new ControlError(400, `User ${input.userId} is already a member.`);
    addMember(rt.ctx, guild, input.userId, { roles: input.roles ?? [] });
    return renderMember(rt.ctx.world, guild, input.userId);
  },

  ...inviteControlOps,
  ...forumControlOps,
  ...cdnControlOps,
  /** A member deletes a channel or role or bans someone (recorded in the audit log, GUILD_AUDIT_LOG_ENTRY_CREATE). */
  memberAction: (rt: ControlRuntime, input: MemberActionInput): APIAuditLogEntry => memberAction(rt.ctx, input),

  /** `count` new users join at once (or spread over spreadMs), with accounts created at accountCreatedAt. */
  joinBurst: (
    rt: ControlRuntime,
    input: { guildId: string; count: number; accountCreatedAt?: string; spreadMs?: number; usernamePrefix?: string },
  ): Promise<{ userIds: string[] }> => joinBurst(rt.ctx, input),

  /** Creates a new user (not in any guild); use joinGuild to add them. */
  createUser: (rt: ControlRuntime, input: { username: string; globalName?: string; bot?: boolean }): APIUser => {
    const { world } = rt.ctx;
    const id = world.ids.next();
    const user = {
      id,
      username: input.username,
      discriminator: '0',
      global_name: input.globalName ?? null,
      avatar: null,
      bot: input.bot ?? false,
      flags: 0,
    } as unknown as APIUser;
    world.users.set(id, user);
    return user;
  },

  /** Makes a user refuse (or accept) DMs from the bot; sending then fails with 50007. */
  setDmsClosed: (rt: ControlRuntime, input: { userId: string; closed: boolean }): { ok: true } => {
    if (input.closed) rt.ctx.world.closedDms.add(input.userId);
    else rt.ctx.world.closedDms.delete(input.userId);
    return { ok: true };
  },

  // ---- reading state ----

  /** Messages of a channel, oldest first. */
  messages: (rt: ControlRuntime, input: { channelId: string; limit?: number }): APIMessage[] => {
    const list = rt.ctx.world.channelMessages(input.channelId);
    return (input.limit ? list.slice(-input.limit) : list).map((m) => renderMessage(rt.ctx.world, m));
  },

  message: (rt: ControlRuntime, input: { messageId: string }): APIMessage | null => {
    const m = rt.ctx.world.messages.get(input.messageId);
    return m ? renderMessage(rt.ctx.world, m) : null;
  },

  /** The DM channel between the bot and a user and its messages, oldest first (empty if none). */
  dmMessages: (rt: ControlRuntime, input: { userId: string }): APIMessage[] => {
    const channel = rt.ctx.world.dmWith(input.userId);
    return channel ? controlOps.messages(rt, { channelId: channel.id }) : [];
  },

  bans: (rt: ControlRuntime, input: { guildId: string }): { user: APIUser; reason: string | null }[] => {
    const { world } = rt.ctx;
    return [...world.guild(input.guildId).bans.values()].map((b) => ({
      user: world.user(b.user_id),
      reason: b.reason,
    }));
  },

  /** A member (roles, nick, communication_disabled_until), or null if not in the guild. */
  member: (rt: ControlRuntime, input: { guildId: string; userId: string }): APIGuildMember | null => {
    const guild = rt.ctx.world.guild(input.guildId);
    return guild.members.has(input.userId) ? renderMember(rt.ctx.world, guild, input.userId) : null;
  },

  members: (rt: ControlRuntime, input: { guildId: string }): APIGuildMember[] => {
    const guild = rt.ctx.world.guild(input.guildId);
    return [...guild.members.keys()].map((id) => renderMember(rt.ctx.world, guild, id));
  },

  roles: (rt: ControlRuntime, input: { guildId: string }): APIRole[] =>
    [...rt.ctx.world.guild(input.guildId).roles.values()].sort((a, b) => a.position - b.position),

  channel: (rt: ControlRuntime, input: { channelId: string }): unknown => {
    const channel = rt.ctx.world.channels.get(input.channelId);
    return channel ? renderChannel(rt.ctx.world, channel) : null;
  },

  channels: (rt: ControlRuntime, input: { guildId: string }): unknown[] =>
    rt.ctx.world.guildChannels(input.guildId).map((c) => renderChannel(rt.ctx.world, c)),

  voiceStates: (rt: ControlRuntime, input: { guildId: string }): { userId: string; channelId: string }[] =>
    [...rt.ctx.world.guild(input.guildId).voiceStates.values()].map((s) => ({
      userId: s.user_id,
      channelId: s.channel_id,
    })),

  /** Registered application commands (global ones, or a guild's when guildId is given). */
  commands: (rt: ControlRuntime, input: { guildId?: string } = {}): unknown[] =>
    [...rt.ctx.world.commands.values()].filter((c) => c.guild_id === input.guildId),

  /** REST requests the bot made, oldest first. `since` is a request id (exclusive). */
  requests: (rt: ControlRuntime, input: { method?: string; route?: string; since?: number } = {}): RecordedRequest[] =>
    rt.ctx.world.requests.filter(
      (r) =>
        (!input.method || r.method === input.method.toUpperCase()) &&
        (!input.route || r.route === input.route || r.path === input.route) &&
        r.id > (input.since ?? 0),
    ),

  /** Requests refused because their body broke the spec or Discord's limits, or their route is not emulated. */
  rejected: (rt: ControlRuntime, _input: Record<string, never> = {}): RejectedRequest[] => rt.ctx.world.rejected,

  /** Gateway events dispatched, oldest first, optionally of one type. */
  events: (rt: ControlRuntime, input: { t?: string; since?: number } = {}): (RecordedEvent & { index: number })[] =>
    rt.ctx.world.events
      .map((e, index) => ({ ...e, index }))
      .filter((e) => (!input.t || e.t === input.t) && e.index >= (input.since ?? 0)),

  interaction: (rt: ControlRuntime, input: { interactionId: string }): InteractionView => {
    const interaction = rt.ctx.world.interactions.get(input.interactionId);
    if (!interaction) throw new ControlError(404, `Interaction ${input.interactionId} does not exist.`);
    return viewInteraction(rt, interaction);
  },

  /** The bot's presence as last set over the gateway. */
  botPresence: (rt: ControlRuntime, _input: Record<string, never> = {}): unknown => rt.ctx.world.botPresence,

  /** Forgets recorded requests, rejections and events (state is kept). */
  clearRecords: (rt: ControlRuntime, _input: Record<string, never> = {}): { ok: true } => {
    const { world } = rt.ctx;
    world.requests.length = 0;
    world.rejected.length = 0;
    world.events.length = 0;
    return { ok: true };
  },

  // ---- waiting ----

  /**
   * The first message in a channel newer than `after` (a message id; default: messages created after this call)
   * by `authorId` (default: the bot), optionally containing `contains`.
   */
  waitForMessage: (
    rt: ControlRuntime,
    input: {
      channelId: string;
      after?: string;
      authorId?: string;
      contains?: string;
      /** Only a reply to this message. */
      replyTo?: string;
      timeoutMs?: number;
    },
  ): Promise<APIMessage> => {
    const { world } = rt.ctx;
    const after = input.after ?? world.ids.next();
    const author = input.authorId ?? world.botId;
    return waitFor(
      rt,
      () => {
        const found = world
          .channelMessages(input.channelId)
          .find(
            (m) =>
              compareIds(m.id, after) > 0 &&
              m.author_id === author &&
              (!input.replyTo || m.message_reference?.message_id === input.replyTo) &&
              (!input.contains || m.content.includes(input.contains)),
          );
        return found ? renderMessage(world, found) : undefined;
      },
      input.timeoutMs ?? 5000,
      `a message in channel ${input.channelId}`,
    );
  },

  /** Like waitForMessage for the DM channel between the bot and a user. */
  waitForDm: (
    rt: ControlRuntime,
    input: { userId: string; after?: string; contains?: string; timeoutMs?: number },
  ): Promise<APIMessage> => {
    const { world } = rt.ctx;
    const after = input.after ?? world.ids.next();
    return waitFor(
      rt,
      () => {
        const channel = world.dmWith(input.userId);
        if (!channel) return undefined;
        const found = world
          .channelMessages(channel.id)
          .find(
            (m) =>
              compareIds(m.id, after) > 0 &&
              m.author_id === world.botId &&
              (!input.contains || m.content.includes(input.contains)),
          );
        return found ? renderMessage(world, found) : undefined;
      },
      input.timeoutMs ?? 5000,
      `a DM to user ${input.userId}`,
    );
  },

  /**
   * Resolves once the bot answered the interaction: the callback arrived, a deferred reply has been edited
   * (unless `allowDeferred`), and at least `followUps` follow-ups were sent.
   */
  waitForInteractionResponse: (
    rt: ControlRuntime,
    input: { interactionId: string; followUps?: number; allowDeferred?: boolean; timeoutMs?: number },
  ): Promise<InteractionView> => {
    const { world } = rt.ctx;
    return waitFor(
      rt,
      () => {
        const interaction = world.interactions.get(input.interactionId);
        if (!interaction?.callback) return undefined;
        const original = interaction.original_message_id
          ? world.messages.get(interaction.original_message_id)
          : undefined;
        if (!input.allowDeferred && interaction.callback.type === 5 && original && original.flags & 128)
          return undefined;
        if (interaction.followup_ids.length < (input.followUps ?? 0)) return undefined;
        return viewInteraction(rt, interaction);
      },
      input.timeoutMs ?? 5000,
      `a response to interaction ${input.interactionId}`,
    );
  },

  /** The first REST request (id > since; default: after this call) matching method/route (template or path). */
  waitForRequest: (
    rt: ControlRuntime,
    input: { method?: string; route?: string; since?: number; timeoutMs?: number },
  ): Promise<RecordedRequest> => {
    const { world } = rt.ctx;
    const since = input.since ?? world.requests.at(-1)?.id ?? 0;
    return waitFor(
      rt,
      () => controlOps.requests(rt, { ...input, since })[0],
      input.timeoutMs ?? 5000,
      `a ${input.method ?? ''} ${input.route ?? 'request'}`.replace(/\s+/g, ' '),
    );
  },

  // ---- faults ----

  /** Adds a REST fault: 429 (rate-limit), 5xx (server-error) or a delay, for `times` matching requests. */
  injectFault: (rt: ControlRuntime, input: FaultSpec): ActiveFault => rt.faults.add(input),

  clearFaults: (rt: ControlRuntime, _input: Record<string, never> = {}): { ok: true } => {
    rt.faults.clear();
    return { ok: true };
  },

  faults: (rt: ControlRuntime, _input: Record<string, never> = {}): ActiveFault[] => rt.faults.faults,

  /** Closes every gateway connection without a close frame; clients resume and get the missed events. */
  dropConnections: (rt: ControlRuntime, _input: Record<string, never> = {}): { ok: true } => {
    rt.ctx.gateway.dropConnections();
    return { ok: true };
  },

  /** Sends op 7 RECONNECT to every client. */
  requestReconnect: (rt: ControlRuntime, _input: Record<string, never> = {}): { ok: true } => {
    rt.ctx.gateway.requestReconnect();
    return { ok: true };
  },

  /** Sends op 9 INVALID_SESSION (resumable false by default: clients identify again). */
  invalidateSession: (rt: ControlRuntime, input: { resumable?: boolean } = {}): { ok: true } => {
    rt.ctx.gateway.invalidateSessions(input.resumable ?? false);
    return { ok: true };
  },

  /** Gateway counters: connections opened, identifies, resumes, open sockets, sessions. */
  gatewayStats: (rt: ControlRuntime, _input: Record<string, never> = {}) => ({
    ...rt.ctx.gateway.stats,
    openSockets: rt.ctx.gateway.sockets.size,
    sessions: rt.ctx.gateway.sessions.size,
  }),

  ...voiceOps,
};

function findMessage(rt: ControlRuntime, messageId: string): StoredMessage {
  const message = rt.ctx.world.messages.get(messageId);
  if (!message) throw new ControlError(404, `Message ${messageId} does not exist.`);
  return message;
}

export type ControlOps = typeof controlOps;
export type ControlOpName = keyof ControlOps;
export type ControlInput<K extends ControlOpName> = Parameters<ControlOps[K]>[1];
export type ControlOutput<K extends ControlOpName> = Awaited<ReturnType<ControlOps[K]>>;

/** Runs an op, turning Discord-style errors into control errors. */
export async function runControlOp(rt: ControlRuntime, name: string, input: unknown): Promise<unknown> {
  const op = (controlOps as Record<string, (rt: ControlRuntime, input: unknown) => unknown>)[name];
  if (!op)
    throw new ControlError(404, `Unknown control operation "${name}". Known: ${Object.keys(controlOps).join(', ')}.`);
  try {
    return await op(rt, input ?? {});
  } catch (error) {
    if (error instanceof ApiError) throw new ControlError(error.status, `${error.message} (code ${error.code})`);
    throw error;
  }
}
