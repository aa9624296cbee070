/**
 * Gives or takes each mapped role so that a member has exactly the roles whose regex matches their custom status.
 * Regexes run in the worker-thread runner with a time limit; a pattern that runs too long changes nothing for that
 * role. Only differences cost a REST call.
 */
import type { GuildMember } from 'discord.js';
import type { Logger } from '#core/log/types.ts';
import type { SafeRegex } from '#core/safe-regex/index.ts';
import { PATTERN_FLAGS, type StatusRoleMapping } from './settings.ts';

export interface ApplyResult {
  added: number;
  removed: number;
  timedOut: number;
}

export async function matchingRoles(
  regex: SafeRegex,
  mappings: readonly StatusRoleMapping[],
  text: string,
): Promise<{ matched: Set<string>; timedOut: Set<string> }> {
  const matched = new Set<string>();
  const timedOut = new Set<string>();
  // One check per mapping: each role needs its own yes/no, not only the first match.
  const results = await Promise.all(
    mappings.map((m, i) => regex.test([{ id: String(i), source: m.regex, flags: PATTERN_FLAGS }], text)),
  );
  results.forEach((r, i) => {
    const role = mappings[i]?.role;
    if (!role) return;
    if (r.timedOut.length > 0 || r.invalid.length > 0) timedOut.add(role);
    else if (r.matched === 0) matched.add(role);
  });
  // A role mapped twice is kept when any of its patterns matches.
  for (const role of timedOut) if (matched.has(role)) timedOut.delete(role);
  return { matched, timedOut };
}

export async function applyStatusRoles(
  member: GuildMember,
  mappings: readonly StatusRoleMapping[],
  text: string,
  regex: SafeRegex,
  log: Logger,
): Promise<ApplyResult> {
  const result: ApplyResult = { added: 0, removed: 0, timedOut: 0 };
  if (member.user.bot || mappings.length === 0) return result;
  const { matched, timedOut } = await matchingRoles(regex, mappings, text);
  result.timedOut = timedOut.size;
  for (const role of new Set(mappings.map((m) => m.role))) {
    if (timedOut.has(role)) continue;
    const has = member.roles.cache.has(role);
    const wants = matched.has(role);
    if (has === wants) continue;
    if (!member.guild.roles.cache.has(role)) continue;
    try {
      if (wants) await member.roles.add(role, 'status role: custom status matches');
      else await member.roles.remove(role, 'status role: custom status no longer matches');
      if (wants) result.added += 1;
      else result.removed += 1;
    } catch (err) {
      log.warn({ err, guild: member.guild.id, user: member.id, role }, 'could not update a status role');
    }
  }
  return result;
}
