/**
 * XP from chat, on the passive message pipeline: eligibility from memory (settings, cooldown, roles), then one
 * upsert. A level-up re-applies role rewards and, when the guild wants it, announces itself.
 */
import type { Message } from 'discord.js';
import type { BotContext } from '#discord/context.ts';
import type { PassiveMessageInfo } from '#discord/message-pipeline.ts';
import { levelFromXp, xpForLevel } from './formulas.ts';
import { grantXp, setLevelRow } from './level-store.ts';
import { applyRewards } from './role-rewards.ts';
import { capLevel, type LevelsSettings, multiplierFor } from './settings.ts';

export class XpCooldowns {
  private readonly last = new Map<string, number>();

  /** True (and starts a new cooldown) when the member may earn XP now. */
  take(guildId: string, userId: string, cooldownS: number, now: number): boolean {
    const key = `${guildId}:${userId}`;
    const at = this.last.get(key);
    if (at !== undefined && now - at < cooldownS * 1000) return false;
    this.last.set(key, now);
    if (this.last.size > 50_000) this.sweep(now, cooldownS);
    return true;
  }

  private sweep(now: number, cooldownS: number): void {
    for (const [k, at] of this.last) if (now - at >= Math.max(cooldownS, 60) * 1000) this.last.delete(k);
  }
}

export function renderLevelUp(template: string, userId: string, level: number): string {
  return template.replaceAll('{user}', `<@${userId}>`).replaceAll('{level}', String(level)).slice(0, 2000);
}

export function createXpHandler(cooldowns: XpCooldowns) {
  return async (ctx: BotContext, message: Message, info: PassiveMessageInfo): Promise<void> => {
    if (info.command || !message.inGuild() || !message.member) return;
    const guildId = message.guildId;
    const s = ctx.settings.get<LevelsSettings>('levels', guildId);
    if (s.blacklist_channels.includes(message.channelId)) return;
    const now = Date.now();
    if (!cooldowns.take(guildId, message.author.id, s.cooldown, now)) return;
    const cap = capLevel(s);
    const maxXp = cap === null ? null : xpForLevel(cap, s.exponent);
    const inc = multiplierFor(s, message.member.roles.cache.keys());
    const row = grantXp(ctx.db, guildId, message.author.id, inc, maxXp, now);
    if (row.blacklisted) return;
    const level = levelFromXp(row.xp, s.exponent);
    if (level === row.level) return;
    setLevelRow(ctx.db, guildId, message.author.id, { level });
    if (level < row.level) return;
    await applyRewards(message.member, s, level).catch((err: unknown) =>
      ctx.log.warn({ err, guildId, userId: message.author.id }, 'levels: could not update reward roles'),
    );
    if (!s.levelup_message) return;
    const channel = s.levelup_channel ? message.guild.channels.cache.get(s.levelup_channel) : message.channel;
    if (!channel?.isSendable()) return;
    await channel
      .send({
        content: renderLevelUp(s.levelup_template, message.author.id, level),
        allowedMentions: { users: [message.author.id] },
      })
      .catch((err: unknown) => ctx.log.warn({ err, guildId }, 'levels: could not send the level-up message'));
  };
}
