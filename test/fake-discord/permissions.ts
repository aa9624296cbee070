import { PermissionFlagsBits } from 'discord-api-types/v10';
import { missingPermissions } from './api-error.ts';
import type { StoredChannel, StoredGuild, World } from './world.ts';

/** Permission math as Discord does it: base (roles), administrator, owner, then channel overwrites. */

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

export function isTimedOut(guild: StoredGuild, userId: string, now = Date.now()): boolean {
  const until = guild.members.get(userId)?.communication_disabled_until;
  return until ? Date.parse(until) > now : false;
}

export function basePermissions(guild: StoredGuild, userId: string): bigint {
  if (guild.owner_id === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  let perms = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
  for (const roleId of member?.roles ?? []) {
    const role = guild.roles.get(roleId);
    if (role) perms |= BigInt(role.permissions);
  }
  if (perms & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  return perms;
}

/** Permissions in a channel (threads use their parent's overwrites). */
export function channelPermissions(world: World, guild: StoredGuild, channel: StoredChannel, userId: string): bigint {
  const base = basePermissions(guild, userId);
  if (base & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  const source = channel.parent_id && isThread(channel) ? (world.channels.get(channel.parent_id) ?? channel) : channel;
  const overwrites = source.permission_overwrites ?? [];
  let perms = base;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) perms = (perms & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  const member = guild.members.get(userId);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && member?.roles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) perms = (perms & ~BigInt(own.deny)) | BigInt(own.allow);
  if (isTimedOut(guild, userId)) perms &= PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;
  return perms;
}

export function isThread(channel: StoredChannel): boolean {
  return channel.type === 10 || channel.type === 11 || channel.type === 12;
}

/** Position of a member's highest role (@everyone = 0); the owner ranks above everything. */
export function highestRolePosition(guild: StoredGuild, userId: string): number {
  if (guild.owner_id === userId) return Number.POSITIVE_INFINITY;
  let top = 0;
  for (const roleId of guild.members.get(userId)?.roles ?? []) {
    const role = guild.roles.get(roleId);
    if (role && role.position > top) top = role.position;
  }
  return top;
}

export function requireGuildPermission(guild: StoredGuild, userId: string, ...bits: bigint[]): void {
  const perms = basePermissions(guild, userId);
  for (const bit of bits) if ((perms & bit) !== bit) throw missingPermissions();
}

/** The actor must outrank the target: the owner cannot be targeted, and equal top roles do not outrank. */
export function requireOutranks(guild: StoredGuild, actorId: string, targetId: string): void {
  if (targetId === guild.owner_id) throw missingPermissions();
  if (actorId === guild.owner_id) return;
  if (highestRolePosition(guild, targetId) >= highestRolePosition(guild, actorId)) throw missingPermissions();
}

/** A role can only be managed (assigned, edited, deleted) by someone whose top role is above it. */
export function requireRoleBelow(guild: StoredGuild, actorId: string, roleId: string): void {
  if (actorId === guild.owner_id) return;
  const role = guild.roles.get(roleId);
  if (!role) return;
  if (role.position >= highestRolePosition(guild, actorId)) throw missingPermissions();
}
