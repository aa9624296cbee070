/**
 * What happens when a rule is broken: the message goes (or the nickname is reset), then warn, timeout, kick or ban
 * run through the moderation pipeline as numbered cases by the bot with the rule in the reason (a warning counts
 * towards escalation), and the hit is posted to the rule's log channel. A member who keeps breaking the same rule
 * within a few seconds gets one set of cases, not one per message.
 */
import type { APIEmbed, Guild, GuildMember, Message } from 'discord.js';
import type { Logger } from '#core/log/types.ts';
import { UserError } from '#discord/commands/errors.ts';
import { warningEmbed } from '#discord/ui/index.ts';
import type { ModerationPipeline } from '#modules/moderation/index.ts';
import type { SubjectSource, Violation } from './rule-types.ts';

export interface EnforceDeps {
  pipeline: ModerationPipeline;
  log: Logger;
  /** Last punishment per guild:user:rule, so a burst of hits makes one set of cases. */
  cooldown: Map<string, number>;
  cooldownMs?: number;
}

export interface Offence {
  guild: Guild;
  userId: string;
  source: SubjectSource;
  text: string;
  message?: Message | undefined;
  member?: GuildMember | null | undefined;
  channelId?: string | null | undefined;
}

const SOURCE_LABEL: Record<SubjectSource, string> = {
  message: 'message',
  edit: 'edited message',
  nickname: 'nickname',
  afk: 'AFK reason',
  snippet: 'snippet',
};

export function ruleReason(v: Violation): string {
  return `Automod rule #${v.rule.id} "${v.rule.name}": ${v.detail}`.slice(0, 500);
}

/** Posts an embed to a channel, quietly giving up (logged) when the channel is gone or closed to the bot. */
export async function postNotice(guild: Guild, channelId: string, embed: APIEmbed, log: Logger): Promise<boolean> {
  try {
    const ch = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId));
    if (!ch?.isTextBased()) return false;
    await ch.send({ embeds: [embed] });
    return true;
  } catch (err) {
    log.warn({ guildId: guild.id, channelId, err: (err as Error).message }, 'automod could not post a notice');
    return false;
  }
}

export async function enforce(deps: EnforceDeps, v: Violation, o: Offence): Promise<string[]> {
  const a = v.rule.actions;
  const done: string[] = [];
  if (a.delete) {
    if (o.message) {
      const ok = await o.message.delete().then(
        () => true,
        () => false,
      );
      if (ok) done.push('message deleted');
    } else if (o.source === 'nickname' && o.member?.nickname) {
      const ok = await o.member.setNickname(null, ruleReason(v)).then(
        () => true,
        () => false,
      );
      if (ok) done.push('nickname reset');
    }
  }
  const key = `${o.guild.id}:${o.userId}:${v.rule.id}`;
  const now = Date.now();
  const last = deps.cooldown.get(key);
  const punish = last === undefined || now - last > (deps.cooldownMs ?? 10_000);
  if (punish) {
    deps.cooldown.set(key, now);
    if (deps.cooldown.size > 10_000) deps.cooldown.delete(deps.cooldown.keys().next().value as string);
    const reason = ruleReason(v);
    const steps: { action: string; durationMs?: number }[] = [];
    if (a.warn) steps.push({ action: 'warn' });
    if (a.timeoutMs !== null && !a.ban && !a.kick) steps.push({ action: 'timeout', durationMs: a.timeoutMs });
    if (a.ban) steps.push({ action: 'ban' });
    else if (a.kick) steps.push({ action: 'kick' });
    for (const step of steps) {
      try {
        const out = await deps.pipeline.run(o.guild.id, {
          action: step.action,
          targetId: o.userId,
          reason,
          durationMs: step.durationMs,
          escalate: step.action === 'warn',
          metadata: { automod: { ruleId: v.rule.id, rule: v.rule.name, source: o.source } },
        });
        if (out) done.push(`case #${out.case.number} (${out.case.type})${out.failure ? ' voided' : ''}`);
      } catch (err) {
        const msg = err instanceof UserError ? err.message : (err as Error).message;
        deps.log.info(
          { guildId: o.guild.id, userId: o.userId, rule: v.rule.id, action: step.action, msg },
          'automod action skipped',
        );
      }
    }
  }
  if (a.logChannel) {
    const embed = warningEmbed({
      title: `Automod: ${v.rule.name}`,
      description: `<@${o.userId}> broke rule #${v.rule.id} in their ${SOURCE_LABEL[o.source]}${o.channelId ? ` in <#${o.channelId}>` : ''}: ${v.detail}.`,
      fields: [
        { name: 'Content', value: o.text.length > 0 ? o.text.slice(0, 1000) : '(no text)' },
        { name: 'Done', value: done.length > 0 ? done.join(', ') : 'nothing (repeat within the cooldown)' },
      ],
      timestamp: true,
    });
    await postNotice(o.guild, a.logChannel, embed, deps.log);
  }
  return done;
}
