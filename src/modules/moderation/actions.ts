/**
 * Every moderation action, declared as data (Skyra-style): only what differs from the others. The pipeline in
 * run-moderation.ts does the rest.
 */
import { UserError } from '#discord/commands/errors.ts';
import { latestCaseOf } from '#modules/cases/case-store.ts';
import { JAIL_EXPIRE_JOB, TEMPBAN_EXPIRE_JOB, TIMEOUT_END_JOB } from './expiry-keys.ts';
import type { ActionContext, ModerationAction } from './moderation-types.ts';

const DAY_MS = 86_400_000;
export const MAX_TIMEOUT_MS = 28 * DAY_MS;

function requireMember(ctx: ActionContext) {
  if (!ctx.member) throw new UserError('moderation.not-member', `${ctx.target.tag} is not in this server.`);
  return ctx.member;
}

/** The jail role, checked to exist. */
async function jailRole(ctx: ActionContext): Promise<string> {
  const roleId = ctx.settings.jailRoleId;
  if (!roleId || !(await ctx.guild.hasRole(roleId))) {
    throw new UserError(
      'moderation.no-jail-role',
      'No jail role found. An administrator can set one with `/jailconfig set role:@Jailed`.',
    );
  }
  return roleId;
}

function isJailed(ctx: ActionContext, roleId: string): boolean {
  const latest = latestCaseOf(ctx.deps.db, ctx.guild.guildId, ctx.target.id, ['JAIL', 'UNJAIL']);
  return (latest?.type === 'JAIL' && latest.active) || (ctx.member?.roleIds.includes(roleId) ?? false);
}

/** Snippet and poll bans: a flag kept as the latest active case of a ban/unban pair. */
function flagAction(
  name: string,
  caseType: string,
  pair: [string, string],
  dmVerb: string,
  refuse: string,
): ModerationAction {
  const [on] = pair;
  return {
    name,
    caseType,
    dmVerb,
    dmTiming: 'after',
    target: 'member',
    duration: 'none',
    check(ctx) {
      const latest = latestCaseOf(ctx.deps.db, ctx.guild.guildId, ctx.target.id, pair);
      const banned = latest?.type === on && latest.active;
      if (caseType === on ? banned : !banned) throw new UserError(`moderation.${name}.state`, refuse);
    },
  };
}

export const MODERATION_ACTIONS: readonly ModerationAction[] = [
  {
    name: 'ban',
    caseType: 'BAN',
    dmVerb: 'banned',
    dmTiming: 'before',
    target: 'user',
    duration: 'none',
    permission: 'Ban Members',
    async apply(ctx) {
      const days = ctx.request.purgeDays ?? 0;
      ctx.metadata.purgeDays = days;
      await ctx.guild.ban(ctx.target.id, { deleteMessageSeconds: days * 86_400, reason: ctx.reason });
    },
  },
  {
    name: 'hackban',
    caseType: 'HACKBAN',
    dmVerb: null,
    dmTiming: 'before',
    target: 'outsider',
    duration: 'none',
    permission: 'Ban Members',
    async check(ctx) {
      if (await ctx.guild.isBanned(ctx.target.id)) {
        throw new UserError('moderation.already-banned', `${ctx.target.tag} is already banned.`);
      }
    },
    async apply(ctx) {
      const days = ctx.request.purgeDays ?? 0;
      await ctx.guild.ban(ctx.target.id, { deleteMessageSeconds: days * 86_400, reason: ctx.reason });
    },
  },
  {
    name: 'tempban',
    caseType: 'TEMPBAN',
    dmVerb: 'temp banned',
    dmTiming: 'before',
    target: 'member',
    duration: 'required',
    permission: 'Ban Members',
    expiryJob: TEMPBAN_EXPIRE_JOB,
    async apply(ctx) {
      const days = ctx.request.purgeDays ?? 0;
      ctx.metadata.purgeDays = days;
      await ctx.guild.ban(ctx.target.id, { deleteMessageSeconds: days * 86_400, reason: ctx.reason });
    },
  },
  {
    name: 'unban',
    caseType: 'UNBAN',
    dmVerb: null,
    dmTiming: 'after',
    target: 'user',
    duration: 'none',
    permission: 'Ban Members',
    async check(ctx) {
      if (!(await ctx.guild.isBanned(ctx.target.id))) {
        throw new UserError('moderation.not-banned', `${ctx.target.tag} is not banned.`);
      }
    },
    async apply(ctx) {
      await ctx.guild.unban(ctx.target.id, ctx.reason);
    },
  },
  {
    name: 'kick',
    caseType: 'KICK',
    dmVerb: 'kicked',
    dmTiming: 'before',
    target: 'member',
    duration: 'none',
    permission: 'Kick Members',
    async apply(ctx) {
      await ctx.guild.kick(ctx.target.id, ctx.reason);
    },
  },
  {
    name: 'warn',
    caseType: 'WARN',
    dmVerb: 'warned',
    dmTiming: 'after',
    target: 'member',
    duration: 'none',
  },
  {
    name: 'note',
    caseType: 'NOTE',
    dmVerb: null,
    dmTiming: 'after',
    target: 'user',
    duration: 'none',
  },
  {
    name: 'timeout',
    caseType: 'TIMEOUT',
    dmVerb: 'timed out',
    dmTiming: 'after',
    target: 'member',
    duration: 'required',
    maxDurationMs: MAX_TIMEOUT_MS,
    clampNotice: "Timeout duration exceeds Discord's maximum of 28 days. Setting timeout to maximum allowed (28 days).",
    permission: 'Moderate Members',
    expiryJob: TIMEOUT_END_JOB,
    check(ctx) {
      const member = requireMember(ctx);
      if (member.bot) throw new UserError('moderation.timeout-bot', 'Bots cannot be timed out.');
      const now = ctx.deps.now?.() ?? Date.now();
      if (member.timedOutUntil !== null && member.timedOutUntil > now) {
        throw new UserError('moderation.already-timed-out', `${ctx.target.tag} is already timed out.`);
      }
    },
    async apply(ctx) {
      await ctx.guild.timeout(ctx.target.id, ctx.expiresAt, ctx.reason);
    },
  },
  {
    name: 'untimeout',
    caseType: 'UNTIMEOUT',
    dmVerb: 'removed from timeout',
    dmTiming: 'after',
    target: 'member',
    duration: 'none',
    permission: 'Moderate Members',
    check(ctx) {
      const member = requireMember(ctx);
      const now = ctx.deps.now?.() ?? Date.now();
      if (member.timedOutUntil === null || member.timedOutUntil <= now) {
        throw new UserError('moderation.not-timed-out', `${ctx.target.tag} is not timed out.`);
      }
    },
    async apply(ctx) {
      await ctx.guild.timeout(ctx.target.id, null, ctx.reason);
    },
  },
  {
    name: 'jail',
    caseType: 'JAIL',
    dmVerb: 'jailed',
    dmTiming: 'after',
    target: 'member',
    duration: 'optional',
    permission: 'Manage Roles',
    expiryJob: JAIL_EXPIRE_JOB,
    async check(ctx) {
      const roleId = await jailRole(ctx);
      const channelId = ctx.settings.jailChannelId;
      if (!channelId || !(await ctx.guild.hasChannel(channelId))) {
        throw new UserError(
          'moderation.no-jail-channel',
          'No jail channel found. An administrator can set one with `/jailconfig set channel:#jail`.',
        );
      }
      if (isJailed(ctx, roleId)) throw new UserError('moderation.already-jailed', 'User is already jailed.');
    },
    async apply(ctx) {
      const member = requireMember(ctx);
      const roleId = ctx.settings.jailRoleId as string;
      const strip = await ctx.guild.assignableRoles(member.roleIds.filter((r) => r !== roleId));
      await ctx.guild.addRoles(member.id, [roleId], ctx.reason);
      ctx.userRoles = strip;
      if (strip.length > 0) await ctx.guild.removeRoles(member.id, strip, ctx.reason);
    },
  },
  {
    name: 'unjail',
    caseType: 'UNJAIL',
    dmVerb: 'removed from jail',
    dmTiming: 'after',
    target: 'member',
    duration: 'none',
    permission: 'Manage Roles',
    async check(ctx) {
      const roleId = await jailRole(ctx);
      if (!isJailed(ctx, roleId)) throw new UserError('moderation.not-jailed', 'User is not jailed.');
      if (!latestCaseOf(ctx.deps.db, ctx.guild.guildId, ctx.target.id, ['JAIL'])) {
        throw new UserError('moderation.no-jail-case', 'No jail case found.');
      }
    },
    async apply(ctx) {
      const member = requireMember(ctx);
      const roleId = ctx.settings.jailRoleId as string;
      const jail = latestCaseOf(ctx.deps.db, ctx.guild.guildId, member.id, ['JAIL']);
      if (member.roleIds.includes(roleId)) await ctx.guild.removeRoles(member.id, [roleId], ctx.reason);
      // Roles deleted since, or now above the bot, are skipped rather than failing the unjail.
      const restore = await ctx.guild.assignableRoles(jail?.userRoles ?? []);
      if (restore.length > 0) await ctx.guild.addRoles(member.id, restore, ctx.reason);
      ctx.userRoles = restore;
    },
  },
  flagAction(
    'snippetban',
    'SNIPPETBAN',
    ['SNIPPETBAN', 'SNIPPETUNBAN'],
    'snippet banned',
    'User is already snippet banned.',
  ),
  flagAction(
    'snippetunban',
    'SNIPPETUNBAN',
    ['SNIPPETBAN', 'SNIPPETUNBAN'],
    'snippet unbanned',
    'User is not snippet banned.',
  ),
  flagAction('pollban', 'POLLBAN', ['POLLBAN', 'POLLUNBAN'], 'poll banned', 'User is already poll banned.'),
  flagAction('pollunban', 'POLLUNBAN', ['POLLBAN', 'POLLUNBAN'], 'poll unbanned', 'User is not poll banned.'),
];

export function findAction(name: string): ModerationAction | undefined {
  return MODERATION_ACTIONS.find((a) => a.name === name);
}
