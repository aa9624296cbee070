/**
 * Role rewards: the roles configured for levels up to the member's level. By default only the highest is kept (as
 * in Tux) and the member's other reward roles are removed; with stack_roles every reached reward is kept.
 */
import type { GuildMember } from 'discord.js';
import { type LevelsSettings, rewardsOf } from './settings.ts';

export interface RewardChange {
  added: string[];
  removed: string[];
}

/** Which reward roles a member at this level should have. */
export function rewardRolesFor(s: LevelsSettings, level: number): Set<string> {
  const reached = rewardsOf(s).filter((r) => r.level <= level);
  if (s.stack_roles) return new Set(reached.map((r) => r.roleId));
  const top = reached[reached.length - 1];
  return new Set(top ? [top.roleId] : []);
}

export async function applyRewards(member: GuildMember, s: LevelsSettings, level: number): Promise<RewardChange> {
  const all = new Set(rewardsOf(s).map((r) => r.roleId));
  const want = rewardRolesFor(s, level);
  const have = member.roles.cache;
  const added = [...want].filter((id) => !have.has(id) && member.guild.roles.cache.has(id));
  const removed = [...all].filter((id) => !want.has(id) && have.has(id));
  for (const id of added) await member.roles.add(id, `Level ${level} reward`);
  for (const id of removed) await member.roles.remove(id, `Level ${level} reward changed`);
  return { added, removed };
}
