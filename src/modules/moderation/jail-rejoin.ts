import type { GuildMember } from 'discord.js';
import { latestCaseOf } from '#modules/cases/case-store.ts';
import { createDiscordGuildPort } from './discord-guild-port.ts';
import { getModerationSettings } from './moderation-settings.ts';
import type { ModerationDeps } from './moderation-types.ts';

/** A jailed member who leaves and comes back is jailed again: jail role on, other assignable roles off. */
export async function rejailOnJoin(deps: ModerationDeps, member: GuildMember): Promise<boolean> {
  const latest = latestCaseOf(deps.db, member.guild.id, member.id, ['JAIL', 'UNJAIL']);
  if (latest?.type !== 'JAIL' || !latest.active) return false;
  const roleId = getModerationSettings(deps.db, member.guild.id).jailRoleId;
  if (!roleId) return false;
  const port = createDiscordGuildPort(member.guild);
  const reason = `Rejoined while jailed (case #${latest.number})`;
  await port.addRoles(member.id, [roleId], reason);
  const info = await port.member(member.id);
  const strip = await port.assignableRoles((info?.roleIds ?? []).filter((r) => r !== roleId));
  if (strip.length > 0) await port.removeRoles(member.id, strip, reason);
  deps.log.info({ guildId: member.guild.id, userId: member.id, case: latest.number }, 'jailed member rejoined');
  return true;
}
