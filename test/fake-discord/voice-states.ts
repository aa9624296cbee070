import { PermissionFlagsBits } from 'discord-api-types/v10';
import { ApiError, invalidField, missingPermissions } from './api-error.ts';
import type { FakeContext } from './context.ts';
import { setVoiceState } from './member-ops.ts';
import { channelPermissions } from './permissions.ts';
import type { StoredChannel, StoredGuild } from './world.ts';

/**
 * Voice channels and members' voice states as Discord keeps them: who may join or be moved where, the limits a
 * voice channel takes when it is created, and what deleting one does to the members in it.
 */

/** Discord's bitrate range for a guild without boosts (8–96 kbps; 64 kbps by default). */
export const MIN_BITRATE = 8000;
export const MAX_BITRATE = 96000;
export const MAX_USER_LIMIT = 99;

export function isVoiceChannel(channel: StoredChannel): boolean {
  return channel.type === 2 || channel.type === 13;
}

/** Members currently in a voice channel. */
export function voiceMembers(guild: StoredGuild, channelId: string): string[] {
  return [...guild.voiceStates.values()].filter((s) => s.channel_id === channelId).map((s) => s.user_id);
}

/**
 * Checks the fields of a new guild channel that Discord checks beyond the spec: a parent must be a category of the
 * same guild, a voice channel's bitrate and user limit must be in range, overwrites must name roles or members.
 */
export function validateNewChannel(
  ctx: FakeContext,
  guild: StoredGuild,
  body: {
    type?: number | null;
    parent_id?: string | null;
    bitrate?: number | null;
    user_limit?: number | null;
    permission_overwrites?: { id: string; type?: number | null }[] | null;
  },
): void {
  if (body.parent_id) {
    const parent = ctx.world.channels.get(body.parent_id);
    if (!parent || parent.guild_id !== guild.id || parent.type !== 4)
      throw invalidField(['parent_id'], 'CHANNEL_PARENT_INVALID', 'Category does not exist.');
  }
  const voice = body.type === 2 || body.type === 13;
  if (voice && body.bitrate !== undefined && body.bitrate !== null) {
    if (body.bitrate < MIN_BITRATE || body.bitrate > MAX_BITRATE)
      throw invalidField(
        ['bitrate'],
        'BASE_TYPE_BAD_BITRATE',
        `Bitrate must be between ${MIN_BITRATE} and ${MAX_BITRATE}.`,
      );
  }
  if (voice && body.user_limit !== undefined && body.user_limit !== null) {
    if (body.user_limit < 0 || body.user_limit > MAX_USER_LIMIT)
      throw invalidField(
        ['user_limit'],
        'NUMBER_TYPE_MAX',
        `int value should be less than or equal to ${MAX_USER_LIMIT}.`,
      );
  }
  (body.permission_overwrites ?? []).forEach((o, index) => {
    const known = o.type === 1 ? ctx.world.users.has(o.id) : guild.roles.has(o.id);
    if (!known)
      throw invalidField(['permission_overwrites', index, 'id'], 'UNKNOWN_OVERWRITE', 'Unknown overwrite target.');
  });
}

/**
 * A member joining a voice channel from their client: they need CONNECT there, and a full channel (user limit)
 * lets in only members who can move members.
 */
export function requireCanJoin(ctx: FakeContext, guild: StoredGuild, channel: StoredChannel, userId: string): void {
  const perms = channelPermissions(ctx.world, guild, channel, userId);
  if (!(perms & PermissionFlagsBits.ViewChannel) || !(perms & PermissionFlagsBits.Connect))
    throw new ApiError(403, 50013, `Member ${userId} cannot connect to channel ${channel.id}.`);
  const others = voiceMembers(guild, channel.id).filter((id) => id !== userId);
  if (channel.user_limit && others.length >= channel.user_limit && !(perms & PermissionFlagsBits.MoveMembers))
    throw new ApiError(400, 50013, `Channel ${channel.id} is full (${channel.user_limit}).`);
}

/**
 * A move through `PATCH /guilds/{g}/members/{u}` `channel_id`: the target must be connected, the new channel must be a
 * voice channel of the guild, and the mover needs MOVE_MEMBERS in both channels and CONNECT in the new one.
 * Returns the channel to move to (null = disconnect).
 */
export function checkMove(
  ctx: FakeContext,
  guild: StoredGuild,
  actorId: string,
  userId: string,
  channelId: string | null,
): StoredChannel | null {
  const state = guild.voiceStates.get(userId);
  if (!state) throw new ApiError(400, 40032, 'Target user is not connected to voice.');
  const from = ctx.world.channels.get(state.channel_id);
  if (from && !(channelPermissions(ctx.world, guild, from, actorId) & PermissionFlagsBits.MoveMembers))
    throw missingPermissions();
  if (channelId === null) return null;
  const to = ctx.world.channels.get(channelId);
  if (!to || to.guild_id !== guild.id || !isVoiceChannel(to))
    throw invalidField(['channel_id'], 'CHANNEL_TYPE_INVALID', 'Channel is not a voice channel of this guild.');
  const perms = channelPermissions(ctx.world, guild, to, actorId);
  if ((perms & PermissionFlagsBits.MoveMembers) === 0n || (perms & PermissionFlagsBits.Connect) === 0n)
    throw missingPermissions();
  return to;
}

/** Deleting a voice channel disconnects everyone in it (VOICE_STATE_UPDATE with a null channel for each). */
export function disconnectChannel(ctx: FakeContext, channel: StoredChannel): void {
  if (!channel.guild_id || !isVoiceChannel(channel)) return;
  const guild = ctx.world.guild(channel.guild_id);
  for (const userId of voiceMembers(guild, channel.id)) setVoiceState(ctx, guild, userId, null);
}
