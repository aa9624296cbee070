import type { APIRole } from 'discord-api-types/v10';
import { dispatch, type FakeContext } from './context.ts';
import { renderChannel, renderMember, renderVoiceState } from './render.ts';
import type { StoredChannel, StoredGuild, StoredMember } from './world.ts';

/** Guild state changes shared by REST handlers and member actions, each with the gateway event Discord sends. */

export function emitMemberUpdate(ctx: FakeContext, guild: StoredGuild, userId: string): void {
  dispatch(
    ctx,
    'GUILD_MEMBER_UPDATE',
    { guild_id: guild.id, ...renderMember(ctx.world, guild, userId) },
    { guildId: guild.id, userId },
  );
}

/** A member record with Discord's defaults (not yet stored, no event). */
export function newMember(userId: string, joinedAt: string, init: Partial<StoredMember> = {}): StoredMember {
  return {
    user_id: userId,
    nick: null,
    roles: [],
    joined_at: joinedAt,
    communication_disabled_until: null,
    deaf: false,
    mute: false,
    avatar: null,
    flags: 0,
    pending: false,
    premium_since: null,
    ...init,
  };
}

export function addMember(
  ctx: FakeContext,
  guild: StoredGuild,
  userId: string,
  init: Partial<StoredMember> = {},
): StoredMember {
  const member = newMember(userId, ctx.world.nowIso(), init);
  guild.members.set(userId, member);
  dispatch(
    ctx,
    'GUILD_MEMBER_ADD',
    { guild_id: guild.id, ...renderMember(ctx.world, guild, userId) },
    { guildId: guild.id, userId },
  );
  return member;
}

export function removeMember(ctx: FakeContext, guild: StoredGuild, userId: string): void {
  if (!guild.members.has(userId)) return;
  if (guild.voiceStates.has(userId)) setVoiceState(ctx, guild, userId, null);
  guild.members.delete(userId);
  guild.presences.delete(userId);
  dispatch(
    ctx,
    'GUILD_MEMBER_REMOVE',
    { guild_id: guild.id, user: ctx.world.user(userId) },
    { guildId: guild.id, userId },
  );
}

/** Bans a user: deletes their recent messages, removes them and records the ban. */
export function banUser(
  ctx: FakeContext,
  guild: StoredGuild,
  userId: string,
  reason: string | null,
  deleteMessageSeconds: number,
): void {
  const { world } = ctx;
  if (deleteMessageSeconds > 0) {
    const since = Date.now() - deleteMessageSeconds * 1000;
    const byChannel = new Map<string, string[]>();
    for (const message of world.messages.values()) {
      if (message.guild_id === guild.id && message.author_id === userId && Date.parse(message.timestamp) >= since) {
        const list = byChannel.get(message.channel_id) ?? [];
        list.push(message.id);
        byChannel.set(message.channel_id, list);
      }
    }
    for (const [channelId, ids] of byChannel) {
      for (const id of ids) world.messages.delete(id);
      dispatch(ctx, 'MESSAGE_DELETE_BULK', { ids, channel_id: channelId, guild_id: guild.id }, { guildId: guild.id });
    }
  }
  removeMember(ctx, guild, userId);
  guild.bans.set(userId, { user_id: userId, reason });
  dispatch(ctx, 'GUILD_BAN_ADD', { guild_id: guild.id, user: world.user(userId) }, { guildId: guild.id });
}

export function unbanUser(ctx: FakeContext, guild: StoredGuild, userId: string): void {
  guild.bans.delete(userId);
  dispatch(ctx, 'GUILD_BAN_REMOVE', { guild_id: guild.id, user: ctx.world.user(userId) }, { guildId: guild.id });
}

export function setVoiceState(
  ctx: FakeContext,
  guild: StoredGuild,
  userId: string,
  channelId: string | null,
  flags: { selfMute?: boolean; selfDeaf?: boolean } = {},
): void {
  const previous = guild.voiceStates.get(userId);
  const state = {
    user_id: userId,
    channel_id: channelId ?? '',
    session_id: previous?.session_id ?? ctx.world.ids.next(),
    self_mute: flags.selfMute ?? previous?.self_mute ?? false,
    self_deaf: flags.selfDeaf ?? previous?.self_deaf ?? false,
    self_video: false,
    mute: guild.members.get(userId)?.mute ?? false,
    deaf: guild.members.get(userId)?.deaf ?? false,
  };
  if (channelId) guild.voiceStates.set(userId, state);
  else guild.voiceStates.delete(userId);
  const payload = renderVoiceState(ctx.world, guild, state) as unknown as Record<string, unknown>;
  payload.channel_id = channelId;
  dispatch(ctx, 'VOICE_STATE_UPDATE', payload, { guildId: guild.id });
}

export function emitRole(
  ctx: FakeContext,
  guild: StoredGuild,
  t: 'GUILD_ROLE_CREATE' | 'GUILD_ROLE_UPDATE',
  role: APIRole,
): void {
  dispatch(ctx, t, { guild_id: guild.id, role }, { guildId: guild.id });
}

export function emitChannel(
  ctx: FakeContext,
  t: 'CHANNEL_CREATE' | 'CHANNEL_UPDATE' | 'CHANNEL_DELETE' | 'THREAD_CREATE' | 'THREAD_UPDATE' | 'THREAD_DELETE',
  channel: StoredChannel,
  extra: Record<string, unknown> = {},
): void {
  dispatch(ctx, t, { ...renderChannel(ctx.world, channel), ...extra }, { guildId: channel.guild_id });
}

export function newRole(id: string, init: Partial<APIRole> & { name: string; position: number }): APIRole {
  return {
    id,
    color: 0,
    colors: { primary_color: init.color ?? 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: 0,
    ...init,
  } as APIRole;
}

/** Renumbers role positions 1..n in their current order (@everyone stays 0). */
export function normalizeRolePositions(guild: StoredGuild): APIRole[] {
  const changed: APIRole[] = [];
  const roles = [...guild.roles.values()]
    .filter((r) => r.id !== guild.id)
    .sort((a, b) => a.position - b.position || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  roles.forEach((role, index) => {
    if (role.position !== index + 1) {
      role.position = index + 1;
      changed.push(role);
    }
  });
  return changed;
}
