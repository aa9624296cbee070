/**
 * Who may create, edit or delete a snippet, in Tux's order: staff (rank 2+) always; then a snippet ban (the latest
 * SNIPPETBAN/SNIPPETUNBAN case) refuses; then the guild's "roles allowed to manage snippets"; then a lock; then only
 * the author may change their own snippet.
 */
import { UserError } from '#discord/commands/index.ts';
import type { CommandContext } from '#discord/commands/types.ts';
import { latestCaseOf } from '#modules/cases/index.ts';
import type { Snippet } from './snippet-store.ts';

export interface SnippetsSettings {
  manage_roles: string[];
}

export async function snippetCheck(ctx: CommandContext, snippet?: Snippet): Promise<void> {
  const guildId = ctx.guildId!;
  if (ctx.guild?.ownerId === ctx.user.id || (await ctx.rank()) >= 2) return;
  const ban = latestCaseOf(ctx.app.db, guildId, ctx.user.id, ['SNIPPETBAN', 'SNIPPETUNBAN']);
  if (ban?.type === 'SNIPPETBAN') throw new UserError('snippets.banned', 'You are banned from using snippets.');
  const s = ctx.app.settings.get<SnippetsSettings>('snippets', guildId);
  if (s.manage_roles.length > 0 && !s.manage_roles.some((id) => ctx.member?.roles.cache.has(id))) {
    throw new UserError(
      'snippets.role_required',
      `You do not have a role that allows you to manage snippets. Accepted roles: ${s.manage_roles.map((id) => `<@&${id}>`).join(', ')}`,
    );
  }
  if (!snippet) return;
  if (snippet.locked) throw new UserError('snippets.locked', 'This snippet is locked. You cannot edit or delete it.');
  if (snippet.authorId !== ctx.user.id) {
    throw new UserError('snippets.not_author', 'You can only edit or delete your own snippets.');
  }
}
