import type { CommandContext } from './types.ts';

/** The invoker's role ids, also when the guild member is not cached (slash interactions carry them raw). */
export function roleIdsOf(ctx: Pick<CommandContext, 'member' | 'interaction'>): string[] {
  if (ctx.member) return [...ctx.member.roles.cache.keys()];
  const raw = ctx.interaction?.member;
  if (raw && Array.isArray(raw.roles)) return raw.roles;
  return [];
}
