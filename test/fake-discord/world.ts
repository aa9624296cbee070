import { EventEmitter } from 'node:events';
import type {
  APIActionRowComponent,
  APIApplicationCommand,
  APIAttachment,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIEmoji,
  APIGuildForumTag,
  APIInteraction,
  APIMessageReference,
  APIOverwrite,
  APIRole,
  APIUser,
  ChannelType,
  InteractionResponseType,
  MessageType,
} from 'discord-api-types/v10';
import { unknown } from './api-error.ts';
import type { StoredInvite } from './invites.ts';
import { SnowflakeGenerator } from './snowflake.ts';

/** In-memory Discord state. Records are kept close to API shapes; `render.ts` turns them into payloads. */

export interface StoredMember {
  user_id: string;
  nick: string | null;
  roles: string[];
  joined_at: string;
  communication_disabled_until: string | null;
  deaf: boolean;
  mute: boolean;
  avatar: string | null;
  flags: number;
  pending: boolean;
  premium_since: string | null;
}

export interface StoredBan {
  user_id: string;
  reason: string | null;
}

export interface StoredVoiceState {
  user_id: string;
  channel_id: string;
  session_id: string;
  self_mute: boolean;
  self_deaf: boolean;
  self_video: boolean;
  mute: boolean;
  deaf: boolean;
}

export interface StoredPresence {
  status: 'online' | 'idle' | 'dnd' | 'offline' | 'invisible';
  activities: {
    name: string;
    type: number;
    state?: string | null;
    url?: string | null;
    emoji?: { name: string; id?: string | null; animated?: boolean };
  }[];
}

export interface StoredGuild {
  id: string;
  name: string;
  owner_id: string;
  icon: string | null;
  description: string | null;
  joined_at: string;
  roles: Map<string, APIRole>;
  members: Map<string, StoredMember>;
  bans: Map<string, StoredBan>;
  emojis: Map<string, APIEmoji>;
  voiceStates: Map<string, StoredVoiceState>;
  presences: Map<string, StoredPresence>;
  system_channel_id: string | null;
  /** The guild's vanity invite code (`invites.ts`), if it has one. */
  vanity_url_code?: string | null;
}

/** A channel of any type; fields follow the API's names. DMs keep recipient ids. */
export interface StoredChannel {
  id: string;
  type: ChannelType;
  guild_id?: string;
  name?: string | null;
  position?: number;
  permission_overwrites?: APIOverwrite[];
  topic?: string | null;
  nsfw?: boolean;
  rate_limit_per_user?: number;
  parent_id?: string | null;
  last_message_id?: string | null;
  last_pin_timestamp?: string | null;
  bitrate?: number;
  user_limit?: number;
  rtc_region?: string | null;
  recipients?: string[];
  owner_id?: string;
  thread_metadata?: {
    archived: boolean;
    auto_archive_duration: number;
    archive_timestamp: string;
    locked: boolean;
    invitable?: boolean;
    create_timestamp?: string;
  };
  threadMembers?: Set<string>;
  message_count?: number;
  total_message_sent?: number;
  flags?: number;
  applied_tags?: string[];
  /** Forum and media channels: the tags a post may carry. */
  available_tags?: APIGuildForumTag[];
}

export interface StoredReaction {
  emoji: { id: string | null; name: string | null; animated?: boolean };
  users: Set<string>;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author_id: string;
  content: string;
  embeds: APIEmbed[];
  attachments: APIAttachment[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  mentions: string[];
  mention_roles: string[];
  mention_everyone: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  pinned: boolean;
  type: MessageType;
  flags: number;
  tts: boolean;
  nonce?: string | number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
  message_reference?: APIMessageReference;
  thread_id?: string;
  reactions: Map<string, StoredReaction>;
  /** Ephemeral interaction responses are kept out of channel history and never dispatched. */
  ephemeral?: boolean;
  sticker_ids?: string[];
  /** A native poll, as Discord renders it (answers numbered from 1, expiry from the requested duration). */
  poll?: Record<string, unknown>;
}

export interface InteractionCallbackRecord {
  type: InteractionResponseType;
  data: Record<string, unknown> | null;
  at: string;
}

export interface StoredInteraction {
  id: string;
  token: string;
  type: number;
  guild_id?: string;
  channel_id: string;
  user_id: string;
  created_at: number;
  payload: APIInteraction;
  /** For component interactions: the message whose component was used. */
  message_id?: string;
  callback: InteractionCallbackRecord | null;
  original_message_id: string | null;
  followup_ids: string[];
}

export interface RecordedRequest {
  id: number;
  at: string;
  method: string;
  path: string;
  /** The route template, e.g. `/channels/{channel_id}/messages`, or null if no route matched. */
  route: string | null;
  query: Record<string, string>;
  body: unknown;
  files: { field: string; filename: string; contentType: string; size: number }[];
  auditLogReason: string | null;
  status: number;
  error: { code: number; message: string; errors?: unknown } | null;
}

export interface RejectedRequest {
  method: string;
  path: string;
  route: string | null;
  body: unknown;
  reason: 'invalid-body' | 'unknown-route';
  errors: unknown;
}

export interface RecordedEvent {
  t: string;
  d: unknown;
  at: string;
}

export interface WorldOptions {
  botUser: APIUser;
  applicationId: string;
}

export class World {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, StoredGuild>();
  readonly channels = new Map<string, StoredChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, StoredInteraction>();
  readonly commands = new Map<string, APIApplicationCommand>();
  readonly appEmojis = new Map<string, APIEmoji>();
  /** Invites by code, vanity codes included (`invites.ts`). */
  readonly invites = new Map<string, StoredInvite>();
  readonly requests: RecordedRequest[] = [];
  readonly rejected: RejectedRequest[] = [];
  readonly events: RecordedEvent[] = [];
  /** Users who refuse DMs from the bot (sending gets 50007). */
  readonly closedDms = new Set<string>();
  /** The bot's presence as last sent with op 3 (or IDENTIFY). */
  botPresence: unknown = null;
  /** Emits 'message' (StoredMessage), 'message-update', 'interaction-response' (interaction id), 'request'. */
  readonly bus = new EventEmitter();
  readonly botUser: APIUser;
  readonly applicationId: string;

  constructor(options: WorldOptions) {
    this.botUser = options.botUser;
    this.applicationId = options.applicationId;
    this.users.set(this.botUser.id, this.botUser);
    this.bus.setMaxListeners(0);
  }

  get botId(): string {
    return this.botUser.id;
  }

  guild(id: string): StoredGuild {
    const guild = this.guilds.get(id);
    if (!guild) throw unknown('guild');
    return guild;
  }

  channel(id: string): StoredChannel {
    const channel = this.channels.get(id);
    if (!channel) throw unknown('channel');
    return channel;
  }

  user(id: string): APIUser {
    const user = this.users.get(id);
    if (!user) throw unknown('user');
    return user;
  }

  member(guild: StoredGuild, userId: string): StoredMember {
    const member = guild.members.get(userId);
    if (!member) throw unknown('member');
    return member;
  }

  role(guild: StoredGuild, roleId: string): APIRole {
    const role = guild.roles.get(roleId);
    if (!role) throw unknown('role');
    return role;
  }

  message(channelId: string, messageId: string): StoredMessage {
    const message = this.messages.get(messageId);
    if (!message || message.channel_id !== channelId) throw unknown('message');
    return message;
  }

  /** Messages of a channel in id order (oldest first), without ephemeral ones. */
  channelMessages(channelId: string): StoredMessage[] {
    const list: StoredMessage[] = [];
    for (const message of this.messages.values()) {
      if (message.channel_id === channelId && !message.ephemeral) list.push(message);
    }
    return list.sort((a, b) => compareIds(a.id, b.id));
  }

  guildChannels(guildId: string): StoredChannel[] {
    return [...this.channels.values()].filter((c) => c.guild_id === guildId);
  }

  /** The guild a channel belongs to, or null for DMs. */
  guildOf(channel: StoredChannel): StoredGuild | null {
    return channel.guild_id ? this.guild(channel.guild_id) : null;
  }

  /** Existing DM channel with a user, if any. */
  dmWith(userId: string): StoredChannel | undefined {
    for (const channel of this.channels.values()) {
      if (channel.type === 1 && channel.recipients?.includes(userId)) return channel;
    }
    return undefined;
  }

  nowIso(): string {
    return new Date().toISOString();
  }
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
