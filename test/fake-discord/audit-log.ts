/**
 * Guild audit logs: entries recorded when a channel or role is deleted or a member is banned (by the bot through
 * REST, or by a member through the control API), served by `GET /guilds/{id}/audit-logs` (View Audit Log needed,
 * filters user_id, action_type, before, after, limit 1–100, newest first) and announced with
 * GUILD_AUDIT_LOG_ENTRY_CREATE (GUILD_MODERATION intent). Also the control verbs that act as a member
 * (`memberAction`) and a burst of joins with chosen account creation dates (`joinBurst`).
 */
import { type APIAuditLogEntry, AuditLogEvent, PermissionFlagsBits } from 'discord-api-types/v10';
import { invalidField } from './api-error.ts';
import { dispatch, type FakeContext } from './context.ts';
import { ControlError } from './control-error.ts';
import { addMember, banUser, emitChannel, normalizeRolePositions } from './member-ops.ts';
import { requireGuildPermission } from './permissions.ts';
import { renderMember } from './render.ts';
import type { RestRouter } from './rest-router.ts';
import type { StoredGuild } from './world.ts';

const entries = new WeakMap<StoredGuild, APIAuditLogEntry[]>();
/** Discord keeps 45 days; the emulator keeps the newest entries per guild. */
const MAX_ENTRIES = 5000;

export function auditEntries(guild: StoredGuild): APIAuditLogEntry[] {
  let list = entries.get(guild);
  if (!list) {
    list = [];
    entries.set(guild, list);
  }
  return list;
}

/** Records an entry and dispatches GUILD_AUDIT_LOG_ENTRY_CREATE. */
export function recordAuditEntry(
  ctx: FakeContext,
  guild: StoredGuild,
  e: { actionType: AuditLogEvent; userId: string; targetId: string | null; reason?: string | null },
): APIAuditLogEntry {
  const entry: APIAuditLogEntry = {
    id: ctx.world.ids.next(),
    action_type: e.actionType,
    user_id: e.userId,
    target_id: e.targetId,
    ...(e.reason ? { reason: e.reason } : {}),
  };
  const list = auditEntries(guild);
  list.push(entry);
  if (list.length > MAX_ENTRIES) list.shift();
  dispatch(ctx, 'GUILD_AUDIT_LOG_ENTRY_CREATE', { ...entry, guild_id: guild.id }, { guildId: guild.id });
  return entry;
}

export function registerAuditLogRoutes(router: RestRouter, ctx: FakeContext): void {
  const { world } = ctx;
  router.add('GET', '/guilds/{guild_id}/audit-logs', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, world.botId, PermissionFlagsBits.ViewAuditLog);
    const limitRaw = r.query.get('limit');
    const limit = limitRaw === null ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw invalidField(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
    const userId = r.query.get('user_id');
    const typeRaw = r.query.get('action_type');
    const before = r.query.get('before');
    const after = r.query.get('after');
    const big = (s: string) => BigInt(s);
    let list = [...auditEntries(guild)].reverse();
    if (userId) list = list.filter((e) => e.user_id === userId);
    if (typeRaw !== null) list = list.filter((e) => e.action_type === Number(typeRaw));
    if (before) list = list.filter((e) => big(e.id) < big(before));
    if (after) list = list.filter((e) => big(e.id) > big(after)).reverse();
    list = list.slice(0, limit);
    const users = [...new Set(list.flatMap((e) => [e.user_id, e.target_id]).filter((id): id is string => !!id))]
      .map((id) => world.users.get(id))
      .filter((u) => u !== undefined);
    return {
      status: 200,
      body: {
        audit_log_entries: list,
        users,
        integrations: [],
        webhooks: [],
        guild_scheduled_events: [],
        threads: [],
        application_commands: [],
        auto_moderation_rules: [],
      },
    };
  });
}

export type MemberActionInput = {
  guildId: string;
  userId: string;
  action: 'deleteChannel' | 'deleteRole' | 'ban';
  targetId: string;
  reason?: string;
};

/** A member (not the bot) deletes a channel or role or bans someone, as in Discord's UI; recorded in the audit log. */
export function memberAction(ctx: FakeContext, input: MemberActionInput): APIAuditLogEntry {
  const { world } = ctx;
  const guild = world.guild(input.guildId);
  if (!guild.members.has(input.userId))
    throw new ControlError(400, `User ${input.userId} is not a member of guild ${guild.id}.`);
  const need = {
    deleteChannel: PermissionFlagsBits.ManageChannels,
    deleteRole: PermissionFlagsBits.ManageRoles,
    ban: PermissionFlagsBits.BanMembers,
  }[input.action];
  try {
    requireGuildPermission(guild, input.userId, need);
  } catch {
    throw new ControlError(403, `User ${input.userId} lacks the permission to ${input.action}; Discord would refuse.`);
  }
  switch (input.action) {
    case 'deleteChannel': {
      const channel = world.channels.get(input.targetId);
      if (!channel || channel.guild_id !== guild.id)
        throw new ControlError(404, `Channel ${input.targetId} is not in guild ${guild.id}.`);
      world.channels.delete(channel.id);
      emitChannel(ctx, 'CHANNEL_DELETE', channel);
      return recordAuditEntry(ctx, guild, {
        actionType: AuditLogEvent.ChannelDelete,
        userId: input.userId,
        targetId: channel.id,
        reason: input.reason ?? null,
      });
    }
    case 'deleteRole': {
      const role = guild.roles.get(input.targetId);
      if (!role || role.id === guild.id)
        throw new ControlError(404, `Role ${input.targetId} is not in guild ${guild.id}.`);
      guild.roles.delete(role.id);
      for (const m of guild.members.values()) m.roles = m.roles.filter((id) => id !== role.id);
      normalizeRolePositions(guild);
      dispatch(ctx, 'GUILD_ROLE_DELETE', { guild_id: guild.id, role_id: role.id }, { guildId: guild.id });
      return recordAuditEntry(ctx, guild, {
        actionType: AuditLogEvent.RoleDelete,
        userId: input.userId,
        targetId: role.id,
        reason: input.reason ?? null,
      });
    }
    case 'ban': {
      world.user(input.targetId);
      if (input.targetId === guild.owner_id) throw new ControlError(403, 'The owner cannot be banned.');
      banUser(ctx, guild, input.targetId, input.reason ?? null, 0);
      return recordAuditEntry(ctx, guild, {
        actionType: AuditLogEvent.MemberBanAdd,
        userId: input.userId,
        targetId: input.targetId,
        reason: input.reason ?? null,
      });
    }
  }
}

/**
 * `count` new users join within about `spreadMs`, each account created at `accountCreatedAt` (ISO; default now).
 * Resolves when all have joined, with their ids.
 */
export async function joinBurst(
  ctx: FakeContext,
  input: { guildId: string; count: number; accountCreatedAt?: string; spreadMs?: number; usernamePrefix?: string },
): Promise<{ userIds: string[] }> {
  const { world } = ctx;
  const guild = world.guild(input.guildId);
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 1000)
    throw new ControlError(400, 'count must be a whole number from 1 to 1000.');
  const created = input.accountCreatedAt ? Date.parse(input.accountCreatedAt) : Date.now();
  if (Number.isNaN(created)) throw new ControlError(400, 'accountCreatedAt must be an ISO date.');
  const gap = (input.spreadMs ?? 0) / input.count;
  const userIds: string[] = [];
  for (let i = 0; i < input.count; i++) {
    const id = world.ids.next(created);
    world.users.set(id, {
      id,
      username: `${input.usernamePrefix ?? 'raider'}${i}`,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: false,
      flags: 0,
    } as never);
    addMember(ctx, guild, id, { roles: [] });
    renderMember(world, guild, id);
    userIds.push(id);
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
  }
  return { userIds };
}
