/** `afk`, `permafk`, `self_timeout` (`sto`) and `clearafk` (`unafk`), with Tux's messages. */
import { formatDuration } from '#core/time/duration.ts';
import { type AnyCommand, arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { confirm } from '#discord/ui/index.ts';
import { type AfkDeps, clearAfk, goAfk } from './afk-actions.ts';
import { cleanReason } from './afk-text.ts';

const MIN_TIMEOUT = 5 * 60_000;
const MAX_TIMEOUT = 7 * 24 * 3600_000;

type Deps = () => AfkDeps;

function memberOf(ctx: CommandContext) {
  if (!ctx.member) throw new UserError('afk.member', 'You are not a member of this server.');
  return ctx.member;
}

/** Refuses a reason the server's content checks (automod) reject, before anything is stored. */
function checkReason(ctx: CommandContext, reason: string): Promise<void> {
  return ctx.app.discord.contentChecks.require({
    source: 'afk',
    guildId: ctx.guildId!,
    userId: ctx.user.id,
    channelId: ctx.channel?.id ?? null,
    text: reason,
  });
}

function refuseIfAfk(deps: AfkDeps, ctx: CommandContext): void {
  const entry = deps.store.get(ctx.guildId!, ctx.user.id);
  if (!entry) return;
  if (entry.enforced) {
    throw new UserError(
      'afk.enforced',
      "💤 || You're currently self-timed out. Use `/clearafk` (or ask staff) to clear that first.",
    );
  }
  throw new UserError('afk.already', `💤 || You are already AFK! Reason: \`${entry.reason}\``);
}

export function afkCommands(deps: Deps): AnyCommand[] {
  const afkCommand = defineCommand({
    name: 'afk',
    description: 'Mark yourself AFK; people who mention you are told why',
    category: 'Utility',
    guildOnly: true,
    defaultRank: 0,
    args: { reason: arg.text({ description: 'Reason', default: 'No reason.', max: 500 }) },
    async run(ctx, { reason }) {
      const d = deps();
      refuseIfAfk(d, ctx);
      await checkReason(ctx, reason);
      const entry = await goAfk(d, memberOf(ctx), { reason: cleanReason(reason) });
      await ctx.reply(`💤 || You are now afk! Reason: \`${entry.reason}\``);
    },
  });

  const permafkCommand = defineCommand({
    name: 'permafk',
    description: 'Stay AFK until you run this again',
    category: 'Utility',
    guildOnly: true,
    defaultRank: 0,
    args: { reason: arg.text({ description: 'Reason', default: 'No reason.', max: 500 }) },
    async run(ctx, { reason }) {
      const d = deps();
      const entry = d.store.get(ctx.guildId!, ctx.user.id);
      if (entry?.perm) {
        await clearAfk(d, ctx.guildId!, ctx.user.id, ctx.member);
        await ctx.reply('Welcome back!');
        return;
      }
      refuseIfAfk(d, ctx);
      await checkReason(ctx, reason);
      const made = await goAfk(d, memberOf(ctx), { reason: cleanReason(reason), perm: true });
      await ctx.reply(
        `💤 || You are now permanently afk! To remove afk run this command again. Reason: \`${made.reason}\``,
      );
    },
  });

  const selfTimeoutCommand = defineCommand({
    name: 'self_timeout',
    aliases: ['sto', 'stimeout', 'selftimeout'],
    description: 'Time yourself out (5 minutes to 7 days); it cannot be undone',
    category: 'Utility',
    guildOnly: true,
    defaultRank: 0,
    args: {
      duration: arg.duration({ description: 'How long: 5m to 7d' }),
      reason: arg.text({ description: 'Reason', optional: true, max: 500 }),
    },
    async run(ctx, { duration, reason }) {
      const d = deps();
      if (duration < MIN_TIMEOUT)
        throw new UserError('afk.too_short', 'Error! duration cannot be less than 5 minutes!');
      if (duration > MAX_TIMEOUT) throw new UserError('afk.too_long', 'Error! duration cannot be longer than 7 days!');
      const member = memberOf(ctx);
      const existing = d.store.get(ctx.guildId!, ctx.user.id);
      if (existing?.enforced) refuseIfAfk(d, ctx);
      if (reason) await checkReason(ctx, reason);
      const why = cleanReason(reason ?? existing?.reason ?? 'No Reason.');
      const readable = formatDuration(duration);
      const ok = await confirm(ctx, {
        title: 'Self-timeout',
        description: `### WARNING\n### You are about to be timed out in the guild "${ctx.guild!.name}" for ${readable} with the reason "${why}".\nas soon as you confirm this, **you cannot cancel it or remove it early**. There is *no* provision for it to be removed by server staff on request. Please think very carefully and make sure you've entered the correct values before you proceed with this command.`,
        confirmLabel: 'I understand and wish to proceed anyway',
        cancelLabel: 'Cancel',
        danger: true,
        timeoutMs: 60_000,
      });
      if (!ok) return;
      const until = Date.now() + duration;
      const dm = `You have timed yourself out in guild ${ctx.guild!.name} for ${readable} with the reason "${why}".`;
      const sent = await ctx.user.send(dm).catch(() => null);
      if (!sent) await ctx.reply(dm);
      if (existing) await clearAfk(d, ctx.guildId!, ctx.user.id, member);
      await goAfk(d, member, { reason: why, until, enforced: true });
      await member.timeout(duration, `Self-timeout: ${why}`);
    },
  });

  const clearafkCommand = defineCommand({
    name: 'clearafk',
    aliases: ['unafk'],
    description: 'Clear your AFK (staff: clear a member’s)',
    category: 'Utility',
    guildOnly: true,
    defaultRank: 0,
    args: { member: arg.user({ description: 'Member (staff only; default: you)', optional: true }) },
    async run(ctx, { member }) {
      const d = deps();
      const target = member ?? ctx.user;
      const staff = ctx.guild?.ownerId === ctx.user.id || (await ctx.rank()) >= 2;
      if (target.id !== ctx.user.id && !staff) {
        throw new UserError('afk.not_staff', 'Only staff can clear another member’s AFK.');
      }
      const entry = d.store.get(ctx.guildId!, target.id);
      if (!entry)
        throw new UserError('afk.none', `${target.id === ctx.user.id ? 'You are' : `<@${target.id}> is`} not AFK.`);
      if (entry.enforced && !staff) {
        throw new UserError('afk.enforced', 'A self-timeout cannot be cleared early. Ask staff if something is wrong.');
      }
      const m = await ctx.guild!.members.fetch(target.id).catch(() => null);
      await clearAfk(d, ctx.guildId!, target.id, m);
      await ctx.reply({ content: `AFK cleared for <@${target.id}>.`, allowedMentions: { parse: [] } });
    },
  });

  return [afkCommand, permafkCommand, selfTimeoutCommand, clearafkCommand];
}
