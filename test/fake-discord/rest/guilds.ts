import { type APIRole, PermissionFlagsBits } from 'discord-api-types/v10';
import { ApiError, invalidField, missingPermissions, unknown } from '../api-error.ts';
import { dispatch, type FakeContext } from '../context.ts';
import {
  banUser,
  emitChannel,
  emitMemberUpdate,
  emitRole,
  newRole,
  normalizeRolePositions,
  removeMember,
  setVoiceState,
  unbanUser,
} from '../member-ops.ts';
import {
  basePermissions,
  highestRolePosition,
  requireGuildPermission,
  requireOutranks,
  requireRoleBelow,
} from '../permissions.ts';
import { renderChannel, renderGuild, renderMember } from '../render.ts';
import type { RestRequest, RestRouter } from '../rest-router.ts';
import { checkMove, validateNewChannel } from '../voice-states.ts';
import { compareIds, type StoredChannel, type StoredGuild } from '../world.ts';

/** Guilds, guild channels, members, bans, roles and emojis. */

const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

interface MemberPatch {
  nick?: string | null;
  roles?: string[] | null;
  mute?: boolean | null;
  deaf?: boolean | null;
  channel_id?: string | null;
  communication_disabled_until?: string | null;
  flags?: number | null;
}

interface RoleBody {
  name?: string | null;
  permissions?: string | number | null;
  color?: number | null;
  colors?: APIRole['colors'] | null;
  hoist?: boolean | null;
  mentionable?: boolean | null;
  icon?: string | null;
  unicode_emoji?: string | null;
  position?: number | null;
}

function limitParam(request: RestRequest, name: string, fallback: number, max: number): number {
  const raw = request.query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw invalidField([name], 'NUMBER_TYPE_MAX', `int value should be between 1 and ${max}.`);
  }
  return n;
}

/** A bot can only grant permissions it has itself (unless it is an administrator). */
function requireGrantable(guild: StoredGuild, actorId: string, permissions: bigint): void {
  const own = basePermissions(guild, actorId);
  if (own & PermissionFlagsBits.Administrator) return;
  if ((permissions & ~own) !== 0n) throw missingPermissions();
}

export function registerGuildRoutes(router: RestRouter, ctx: FakeContext): void {
  const { world } = ctx;
  const bot = () => world.botId;

  router.add('GET', '/guilds/{guild_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const body: Record<string, unknown> = { ...renderGuild(guild) };
    if (r.query.get('with_counts') === 'true') {
      body.approximate_member_count = guild.members.size;
      body.approximate_presence_count = [...guild.presences.values()].filter((p) => p.status !== 'offline').length;
    }
    return { status: 200, body };
  });

  router.add('PATCH', '/guilds/{guild_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageGuild);
    const body = (r.body ?? {}) as { name?: string; description?: string | null; system_channel_id?: string | null };
    if (body.name) guild.name = body.name;
    if (body.description !== undefined) guild.description = body.description;
    if (body.system_channel_id !== undefined) guild.system_channel_id = body.system_channel_id;
    dispatch(ctx, 'GUILD_UPDATE', renderGuild(guild), { guildId: guild.id });
    return { status: 200, body: renderGuild(guild) };
  });

  router.add('GET', '/guilds/{guild_id}/channels', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const list = world.guildChannels(guild.id).filter((c) => c.type !== 10 && c.type !== 11 && c.type !== 12);
    return { status: 200, body: list.map((c) => renderChannel(world, c)) };
  });

  router.add('POST', '/guilds/{guild_id}/channels', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageChannels);
    const body = (r.body ?? {}) as Partial<StoredChannel> & { name: string };
    validateNewChannel(ctx, guild, body);
    const channel: StoredChannel = {
      id: world.ids.next(),
      type: body.type ?? 0,
      guild_id: guild.id,
      name: body.name,
      position: body.position ?? world.guildChannels(guild.id).length,
      permission_overwrites: (body.permission_overwrites ?? []).map((o) => ({
        ...o,
        allow: String(o.allow ?? 0),
        deny: String(o.deny ?? 0),
      })),
      parent_id: body.parent_id ?? null,
      nsfw: body.nsfw ?? false,
    };
    if (channel.type === 0 || channel.type === 5) {
      channel.topic = body.topic ?? null;
      channel.rate_limit_per_user = body.rate_limit_per_user ?? 0;
      channel.last_message_id = null;
    }
    if (channel.type === 2 || channel.type === 13) {
      channel.bitrate = body.bitrate ?? 64000;
      channel.user_limit = body.user_limit ?? 0;
      channel.rtc_region = null;
    }
    world.channels.set(channel.id, channel);
    emitChannel(ctx, 'CHANNEL_CREATE', channel);
    return { status: 201, body: renderChannel(world, channel) };
  });

  router.add('PATCH', '/guilds/{guild_id}/channels', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageChannels);
    for (const item of (r.body ?? []) as { id: string; position?: number | null; parent_id?: string | null }[]) {
      const channel = world.channel(item.id);
      if (item.position !== undefined && item.position !== null) channel.position = item.position;
      if (item.parent_id !== undefined) channel.parent_id = item.parent_id;
      emitChannel(ctx, 'CHANNEL_UPDATE', channel);
    }
    return { status: 204 };
  });

  // Members
  router.add('GET', '/guilds/{guild_id}/members/{user_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    world.member(guild, r.params.user_id!);
    return { status: 200, body: renderMember(world, guild, r.params.user_id!) };
  });

  router.add('GET', '/guilds/{guild_id}/members', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const limit = limitParam(r, 'limit', 1, 1000);
    const after = r.query.get('after') ?? '0';
    const ids = [...guild.members.keys()]
      .filter((id) => compareIds(id, after) > 0)
      .sort(compareIds)
      .slice(0, limit);
    return { status: 200, body: ids.map((id) => renderMember(world, guild, id)) };
  });

  router.add('GET', '/guilds/{guild_id}/members/search', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const query = r.query.get('query');
    if (query === null) throw invalidField(['query'], 'BASE_TYPE_REQUIRED', 'This field is required');
    const limit = limitParam(r, 'limit', 1, 1000);
    const q = query.toLowerCase();
    const ids = [...guild.members.keys()].filter((id) => {
      const user = world.users.get(id);
      const nick = guild.members.get(id)?.nick ?? '';
      return [user?.username, user?.global_name, nick].some((name) => name?.toLowerCase().startsWith(q));
    });
    return { status: 200, body: ids.slice(0, limit).map((id) => renderMember(world, guild, id)) };
  });

  router.add('PATCH', '/guilds/{guild_id}/members/@me', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ChangeNickname);
    const body = (r.body ?? {}) as { nick?: string | null };
    world.member(guild, bot()).nick = body.nick ?? null;
    emitMemberUpdate(ctx, guild, bot());
    return { status: 200, body: renderMember(world, guild, bot()) };
  });

  router.add('PATCH', '/guilds/{guild_id}/members/{user_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const userId = r.params.user_id!;
    const member = world.member(guild, userId);
    const body = (r.body ?? {}) as MemberPatch;
    if (body.nick !== undefined) {
      // Discord caps nicknames at 32 characters.
      if (body.nick && [...body.nick].length > 32) {
        throw invalidField(['nick'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
      }
      if (userId === bot()) requireGuildPermission(guild, bot(), PermissionFlagsBits.ChangeNickname);
      else {
        requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageNicknames);
        requireOutranks(guild, bot(), userId);
      }
    }
    let roles: string[] | undefined;
    if (body.roles !== undefined && body.roles !== null) {
      requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageRoles);
      roles = [...new Set(body.roles)];
      roles.forEach((roleId, index) => {
        if (!guild.roles.has(roleId) || roleId === guild.id)
          throw invalidField(['roles', index], 'UNKNOWN_ROLE', 'Unknown role');
      });
      const changed = [
        ...roles.filter((id) => !member.roles.includes(id)),
        ...member.roles.filter((id) => !roles!.includes(id)),
      ];
      for (const roleId of changed) {
        requireRoleBelow(guild, bot(), roleId);
        if (guild.roles.get(roleId)?.managed) throw missingPermissions();
      }
    }
    let timeout: string | null | undefined;
    if (body.communication_disabled_until !== undefined) {
      requireGuildPermission(guild, bot(), PermissionFlagsBits.ModerateMembers);
      requireOutranks(guild, bot(), userId);
      if (basePermissions(guild, userId) & PermissionFlagsBits.Administrator) throw missingPermissions();
      timeout = body.communication_disabled_until;
      if (timeout !== null) {
        const until = Date.parse(timeout);
        if (Number.isNaN(until) || until - Date.now() > MAX_TIMEOUT_MS) {
          throw invalidField(
            ['communication_disabled_until'],
            'BASE_TYPE_BAD_TIME',
            'Invalid communication disabled timestamp: must be no more than 28 days in the future.',
          );
        }
        if (until <= Date.now()) timeout = null;
      }
    }
    if (body.mute !== undefined && body.mute !== null)
      requireGuildPermission(guild, bot(), PermissionFlagsBits.MuteMembers);
    if (body.deaf !== undefined && body.deaf !== null)
      requireGuildPermission(guild, bot(), PermissionFlagsBits.DeafenMembers);
    if (body.channel_id !== undefined) checkMove(ctx, guild, bot(), userId, body.channel_id);
    // Everything is checked: apply.
    if (body.nick !== undefined) member.nick = body.nick || null;
    if (roles) member.roles = roles;
    if (timeout !== undefined) member.communication_disabled_until = timeout;
    if (body.mute !== undefined && body.mute !== null) member.mute = body.mute;
    if (body.deaf !== undefined && body.deaf !== null) member.deaf = body.deaf;
    if (body.flags !== undefined && body.flags !== null) member.flags = body.flags;
    emitMemberUpdate(ctx, guild, userId);
    if (body.channel_id !== undefined) setVoiceState(ctx, guild, userId, body.channel_id);
    return { status: 200, body: renderMember(world, guild, userId) };
  });

  router.add('DELETE', '/guilds/{guild_id}/members/{user_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const userId = r.params.user_id!;
    world.member(guild, userId);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.KickMembers);
    requireOutranks(guild, bot(), userId);
    removeMember(ctx, guild, userId);
    return { status: 204 };
  });

  const memberRole = (r: RestRequest, add: boolean) => {
    const guild = world.guild(r.params.guild_id!);
    const userId = r.params.user_id!;
    const member = world.member(guild, userId);
    const roleId = r.params.role_id!;
    const role = world.role(guild, roleId);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageRoles);
    requireRoleBelow(guild, bot(), roleId);
    if (role.managed || roleId === guild.id) throw missingPermissions();
    const has = member.roles.includes(roleId);
    if (add && !has) member.roles.push(roleId);
    if (!add && has) member.roles = member.roles.filter((id) => id !== roleId);
    if (add !== has) emitMemberUpdate(ctx, guild, userId);
    return { status: 204 };
  };
  router.add('PUT', '/guilds/{guild_id}/members/{user_id}/roles/{role_id}', (r) => memberRole(r, true));
  router.add('DELETE', '/guilds/{guild_id}/members/{user_id}/roles/{role_id}', (r) => memberRole(r, false));

  // Bans
  const renderBan = (guild: StoredGuild, userId: string) => ({
    user: world.user(userId),
    reason: guild.bans.get(userId)?.reason ?? null,
  });
  router.add('GET', '/guilds/{guild_id}/bans', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.BanMembers);
    const limit = limitParam(r, 'limit', 1000, 1000);
    const before = r.query.get('before');
    const after = r.query.get('after');
    let ids = [...guild.bans.keys()].sort(compareIds);
    if (after) ids = ids.filter((id) => compareIds(id, after) > 0).slice(0, limit);
    else if (before) ids = ids.filter((id) => compareIds(id, before) < 0).slice(-limit);
    else ids = ids.slice(0, limit);
    return { status: 200, body: ids.map((id) => renderBan(guild, id)) };
  });
  router.add('GET', '/guilds/{guild_id}/bans/{user_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.BanMembers);
    if (!guild.bans.has(r.params.user_id!)) throw unknown('ban');
    return { status: 200, body: renderBan(guild, r.params.user_id!) };
  });
  router.add('PUT', '/guilds/{guild_id}/bans/{user_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const userId = r.params.user_id!;
    world.user(userId);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.BanMembers);
    if (guild.members.has(userId)) requireOutranks(guild, bot(), userId);
    else if (userId === guild.owner_id) throw missingPermissions();
    const body = (r.body ?? {}) as { delete_message_seconds?: number | null; delete_message_days?: number | null };
    const seconds = body.delete_message_seconds ?? (body.delete_message_days ?? 0) * 86400;
    if (seconds > 604800) {
      throw invalidField(
        ['delete_message_seconds'],
        'NUMBER_TYPE_MAX',
        'int value should be less than or equal to 604800.',
      );
    }
    if (!guild.bans.has(userId)) banUser(ctx, guild, userId, r.auditLogReason, seconds);
    return { status: 204 };
  });
  router.add('DELETE', '/guilds/{guild_id}/bans/{user_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.BanMembers);
    if (!guild.bans.has(r.params.user_id!)) throw unknown('ban');
    unbanUser(ctx, guild, r.params.user_id!);
    return { status: 204 };
  });
  router.add('POST', '/guilds/{guild_id}/bulk-ban', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.BanMembers, PermissionFlagsBits.ManageGuild);
    const body = (r.body ?? {}) as { user_ids?: string[]; delete_message_seconds?: number | null };
    const banned: string[] = [];
    const failed: string[] = [];
    for (const userId of body.user_ids ?? []) {
      const ok =
        world.users.has(userId) &&
        !guild.bans.has(userId) &&
        userId !== guild.owner_id &&
        (!guild.members.has(userId) || highestRolePosition(guild, userId) < highestRolePosition(guild, bot()));
      if (ok) {
        banUser(ctx, guild, userId, r.auditLogReason, body.delete_message_seconds ?? 0);
        banned.push(userId);
      } else failed.push(userId);
    }
    if (banned.length === 0) throw new ApiError(500, 500000, 'Failed to ban users');
    return { status: 200, body: { banned_users: banned, failed_users: failed } };
  });

  // Roles
  const sortedRoles = (guild: StoredGuild) => [...guild.roles.values()].sort((a, b) => a.position - b.position);
  router.add('GET', '/guilds/{guild_id}/roles', (r) => ({
    status: 200,
    body: sortedRoles(world.guild(r.params.guild_id!)),
  }));
  router.add('GET', '/guilds/{guild_id}/roles/{role_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    return { status: 200, body: world.role(guild, r.params.role_id!) };
  });
  router.add('POST', '/guilds/{guild_id}/roles', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageRoles);
    const body = (r.body ?? {}) as RoleBody;
    const permissions = BigInt(body.permissions ?? guild.roles.get(guild.id)?.permissions ?? 0);
    requireGrantable(guild, bot(), permissions);
    for (const role of guild.roles.values()) if (role.id !== guild.id) role.position += 1;
    const role = newRole(world.ids.next(), {
      name: body.name ?? 'new role',
      position: 1,
      permissions: permissions.toString(),
      color: body.color ?? body.colors?.primary_color ?? 0,
      hoist: body.hoist ?? false,
      mentionable: body.mentionable ?? false,
      unicode_emoji: body.unicode_emoji ?? null,
    });
    guild.roles.set(role.id, role);
    emitRole(ctx, guild, 'GUILD_ROLE_CREATE', role);
    return { status: 200, body: role };
  });
  router.add('PATCH', '/guilds/{guild_id}/roles', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageRoles);
    const top = highestRolePosition(guild, bot());
    const moves = ((r.body ?? []) as { id: string; position?: number | null }[]).filter((move) => {
      const role = world.role(guild, move.id);
      return (
        role.id !== guild.id && move.position !== undefined && move.position !== null && move.position !== role.position
      );
    });
    // Only roles whose position changes are checked (discord.js sends the whole list).
    for (const move of moves) {
      requireRoleBelow(guild, bot(), move.id);
      if ((move.position ?? 0) >= top) throw missingPermissions();
    }
    const before = new Map([...guild.roles.values()].map((role) => [role.id, role.position]));
    if (moves.length === 1) {
      // A single move puts the role at N and shifts the others, as Discord does.
      const move = moves[0]!;
      const role = world.role(guild, move.id);
      role.position = move.position! + (move.position! > role.position ? 0.5 : -0.5);
    } else {
      for (const move of moves) world.role(guild, move.id).position = move.position!;
    }
    normalizeRolePositions(guild);
    for (const role of guild.roles.values())
      if (before.get(role.id) !== role.position) emitRole(ctx, guild, 'GUILD_ROLE_UPDATE', role);
    return { status: 200, body: sortedRoles(guild) };
  });
  router.add('PATCH', '/guilds/{guild_id}/roles/{role_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const role = world.role(guild, r.params.role_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageRoles);
    requireRoleBelow(guild, bot(), role.id);
    const body = (r.body ?? {}) as RoleBody;
    if (body.permissions !== undefined && body.permissions !== null) {
      requireGrantable(guild, bot(), BigInt(body.permissions) & ~BigInt(role.permissions));
      role.permissions = BigInt(body.permissions).toString();
    }
    if (body.name) role.name = body.name;
    if (body.color !== undefined && body.color !== null) {
      role.color = body.color;
      role.colors = { primary_color: body.color, secondary_color: null, tertiary_color: null };
    }
    if (body.colors) {
      role.colors = body.colors;
      role.color = body.colors.primary_color;
    }
    if (body.hoist !== undefined && body.hoist !== null) role.hoist = body.hoist;
    if (body.mentionable !== undefined && body.mentionable !== null) role.mentionable = body.mentionable;
    if (body.unicode_emoji !== undefined) role.unicode_emoji = body.unicode_emoji;
    emitRole(ctx, guild, 'GUILD_ROLE_UPDATE', role);
    return { status: 200, body: role };
  });
  router.add('DELETE', '/guilds/{guild_id}/roles/{role_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    const role = world.role(guild, r.params.role_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageRoles);
    requireRoleBelow(guild, bot(), role.id);
    if (role.id === guild.id || role.managed) throw new ApiError(400, 50028, 'Invalid Role');
    guild.roles.delete(role.id);
    for (const member of guild.members.values()) member.roles = member.roles.filter((id) => id !== role.id);
    normalizeRolePositions(guild);
    dispatch(ctx, 'GUILD_ROLE_DELETE', { guild_id: guild.id, role_id: role.id }, { guildId: guild.id });
    return { status: 204 };
  });

  // Emojis
  const emitEmojis = (guild: StoredGuild) =>
    dispatch(
      ctx,
      'GUILD_EMOJIS_UPDATE',
      { guild_id: guild.id, emojis: [...guild.emojis.values()] },
      { guildId: guild.id },
    );
  router.add('GET', '/guilds/{guild_id}/emojis', (r) => ({
    status: 200,
    body: [...world.guild(r.params.guild_id!).emojis.values()],
  }));
  router.add('GET', '/guilds/{guild_id}/emojis/{emoji_id}', (r) => {
    const emoji = world.guild(r.params.guild_id!).emojis.get(r.params.emoji_id!);
    if (!emoji) throw unknown('emoji');
    return { status: 200, body: emoji };
  });
  router.add('POST', '/guilds/{guild_id}/emojis', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.CreateGuildExpressions);
    const body = (r.body ?? {}) as { name: string; image: string; roles?: string[] };
    const emoji = {
      id: world.ids.next(),
      name: body.name,
      roles: body.roles ?? [],
      user: world.botUser,
      require_colons: true,
      managed: false,
      animated: body.image.startsWith('data:image/gif'),
      available: true,
    };
    guild.emojis.set(emoji.id, emoji);
    emitEmojis(guild);
    return { status: 201, body: emoji };
  });
  router.add('PATCH', '/guilds/{guild_id}/emojis/{emoji_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageGuildExpressions);
    const emoji = guild.emojis.get(r.params.emoji_id!);
    if (!emoji) throw unknown('emoji');
    const body = (r.body ?? {}) as { name?: string; roles?: string[] | null };
    if (body.name) emoji.name = body.name;
    if (body.roles !== undefined) emoji.roles = body.roles ?? [];
    emitEmojis(guild);
    return { status: 200, body: emoji };
  });
  router.add('DELETE', '/guilds/{guild_id}/emojis/{emoji_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageGuildExpressions);
    if (!guild.emojis.delete(r.params.emoji_id!)) throw unknown('emoji');
    emitEmojis(guild);
    return { status: 204 };
  });
}
