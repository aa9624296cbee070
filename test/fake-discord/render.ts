import type {
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIUser,
  APIVoiceState,
  GatewayGuildCreateDispatchData,
  GatewayPresenceUpdate,
} from 'discord-api-types/v10';
import type { StoredChannel, StoredGuild, StoredMessage, StoredVoiceState, World } from './world.ts';

/** Turns stored records into API payloads. */

export function renderUser(world: World, id: string): APIUser {
  return world.users.get(id) ?? { id, username: 'deleted_user', discriminator: '0', global_name: null, avatar: null };
}

export function renderMember(world: World, guild: StoredGuild, userId: string): APIGuildMember {
  const m = world.member(guild, userId);
  return {
    user: renderUser(world, userId),
    nick: m.nick,
    avatar: m.avatar,
    roles: [...m.roles],
    joined_at: m.joined_at,
    premium_since: m.premium_since,
    deaf: m.deaf,
    mute: m.mute,
    flags: m.flags,
    pending: m.pending,
    communication_disabled_until: m.communication_disabled_until,
  };
}

/** A member without `user`, as attached to MESSAGE_CREATE. */
export function renderMemberWithoutUser(
  world: World,
  guild: StoredGuild,
  userId: string,
): Omit<APIGuildMember, 'user'> {
  const { user: _user, ...rest } = renderMember(world, guild, userId);
  return rest;
}

export function renderChannel(world: World, channel: StoredChannel): APIChannel {
  const { threadMembers, recipients, ...rest } = channel;
  const out: Record<string, unknown> = { ...rest, flags: channel.flags ?? 0 };
  if (recipients) out.recipients = recipients.filter((id) => id !== world.botId).map((id) => renderUser(world, id));
  if (threadMembers) out.member_count = threadMembers.size;
  if (threadMembers?.has(world.botId)) {
    out.member = {
      id: channel.id,
      user_id: world.botId,
      join_timestamp: channel.thread_metadata?.create_timestamp ?? world.nowIso(),
      flags: 0,
    };
  }
  return out as unknown as APIChannel;
}

export function renderMessage(world: World, message: StoredMessage): APIMessage {
  const reactions = [...message.reactions.values()]
    .filter((r) => r.users.size > 0)
    .map((r) => ({
      emoji: r.emoji,
      count: r.users.size,
      count_details: { burst: 0, normal: r.users.size },
      me: r.users.has(world.botId),
      me_burst: false,
      burst_colors: [],
    }));
  const out: APIMessage = {
    id: message.id,
    channel_id: message.channel_id,
    author: renderUser(world, message.author_id),
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.edited_timestamp,
    tts: message.tts,
    mention_everyone: message.mention_everyone,
    mentions: message.mentions.map((id) => renderUser(world, id)),
    mention_roles: [...message.mention_roles],
    attachments: message.attachments,
    embeds: message.embeds,
    pinned: message.pinned,
    type: message.type,
    flags: message.flags,
    components: message.components,
  };
  if (reactions.length) out.reactions = reactions;
  if (message.nonce !== undefined) out.nonce = message.nonce;
  if (message.webhook_id) out.webhook_id = message.webhook_id;
  if (message.application_id) out.application_id = message.application_id;
  if (message.message_reference) out.message_reference = message.message_reference;
  if (message.poll) (out as unknown as Record<string, unknown>).poll = message.poll;
  if (message.interaction_metadata) {
    (out as unknown as Record<string, unknown>).interaction_metadata = message.interaction_metadata;
  }
  if (message.thread_id) {
    const thread = world.channels.get(message.thread_id);
    if (thread) out.thread = renderChannel(world, thread) as APIMessage['thread'] & object;
  }
  return out;
}

/** MESSAGE_CREATE/UPDATE payload: the message plus guild_id and the author's member. */
export function renderMessageEvent(
  world: World,
  message: StoredMessage,
): APIMessage & { guild_id?: string; member?: unknown } {
  const out: APIMessage & { guild_id?: string; member?: unknown; channel_type?: number } = renderMessage(
    world,
    message,
  );
  // Discord sends the channel type with MESSAGE_CREATE; discord.js needs it to build an uncached DM channel.
  const channelType = world.channels.get(message.channel_id)?.type;
  if (channelType !== undefined) out.channel_type = channelType;
  if (message.guild_id) {
    out.guild_id = message.guild_id;
    const guild = world.guilds.get(message.guild_id);
    if (guild?.members.has(message.author_id) && !message.webhook_id) {
      out.member = renderMemberWithoutUser(world, guild, message.author_id);
    }
  }
  return out;
}

export function renderVoiceState(world: World, guild: StoredGuild, state: StoredVoiceState): APIVoiceState {
  return {
    guild_id: guild.id,
    channel_id: state.channel_id,
    user_id: state.user_id,
    member: guild.members.has(state.user_id) ? renderMember(world, guild, state.user_id) : undefined,
    session_id: state.session_id,
    deaf: state.deaf,
    mute: state.mute,
    self_deaf: state.self_deaf,
    self_mute: state.self_mute,
    self_video: state.self_video,
    suppress: false,
    request_to_speak_timestamp: null,
  } as APIVoiceState;
}

export function renderPresence(guild: StoredGuild, userId: string): GatewayPresenceUpdate {
  const presence = guild.presences.get(userId) ?? { status: 'offline', activities: [] };
  return {
    user: { id: userId },
    guild_id: guild.id,
    status: presence.status === 'invisible' ? 'offline' : presence.status,
    activities: presence.activities.map((a) => ({ ...a, created_at: Date.now() })),
    client_status: presence.status === 'offline' ? {} : { desktop: presence.status },
  } as unknown as GatewayPresenceUpdate;
}

export function renderGuild(guild: StoredGuild): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: guild.icon,
    splash: null,
    discovery_splash: null,
    owner_id: guild.owner_id,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()],
    emojis: [...guild.emojis.values()],
    features: guild.vanity_url_code ? ['VANITY_URL' as APIGuild['features'][number]] : [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.system_channel_id,
    system_channel_flags: 0 as APIGuild['system_channel_flags'],
    rules_channel_id: null,
    max_members: 500000,
    vanity_url_code: guild.vanity_url_code ?? null,
    description: guild.description,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US' as APIGuild['preferred_locale'],
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  } satisfies APIGuild;
}

export interface GuildCreateOptions {
  /** Whether all members are included (GUILD_MEMBERS intent) or only the bot and voice-connected members. */
  allMembers: boolean;
  presences: boolean;
}

export function renderGuildCreate(
  world: World,
  guild: StoredGuild,
  options: GuildCreateOptions,
): GatewayGuildCreateDispatchData {
  const channels = world.guildChannels(guild.id);
  const memberIds = options.allMembers
    ? [...guild.members.keys()]
    : [...guild.members.keys()].filter((id) => id === world.botId || guild.voiceStates.has(id));
  return {
    ...renderGuild(guild),
    joined_at: guild.joined_at,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [...guild.voiceStates.values()].map((s) => {
      const { guild_id: _g, member: _m, ...rest } = renderVoiceState(world, guild, s);
      return rest;
    }),
    members: memberIds.map((id) => renderMember(world, guild, id)),
    channels: channels
      .filter((c) => c.type !== 10 && c.type !== 11 && c.type !== 12)
      .map((c) => renderChannel(world, c)) as GatewayGuildCreateDispatchData['channels'],
    threads: channels
      .filter((c) => c.type === 10 || c.type === 11 || c.type === 12)
      .map((c) => renderChannel(world, c)) as GatewayGuildCreateDispatchData['threads'],
    // Discord leaves offline members out of GUILD_CREATE's presences.
    presences: options.presences
      ? [...guild.presences.entries()]
          .filter(([, p]) => p.status !== 'offline' && p.status !== 'invisible')
          .map(([id]) => renderPresence(guild, id))
      : [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } satisfies GatewayGuildCreateDispatchData;
}
