/**
 * Levels: members earn XP by chatting (Tux's formulas, cooldown, the largest role multiplier, blacklisted channels
 * and members), reach levels that give reward roles (kept on rejoin), see their rank with `level`, compete on a
 * leaderboard they can leave, and may get a level-up message. Every setting is per guild (`config module levels`).
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { latestCaseOf } from '#modules/cases/index.ts';
import { levelsTopOp } from './admin-ops.ts';
import { levelsCommands } from './commands.ts';
import { levelFromXp } from './formulas.ts';
import { getLevel } from './level-store.ts';
import { applyRewards } from './role-rewards.ts';
import { type LevelsSettings, levelsSettingsSchema } from './settings.ts';
import { createXpHandler, XpCooldowns } from './xp-grant.ts';

export function createLevelsModule(): BotModule {
  const cooldowns = new XpCooldowns();
  return defineModule({
    name: 'levels',
    description: 'XP from chat, levels with reward roles, a leaderboard and level-up messages',
    config: levelsSettingsSchema,
    intents: [GatewayIntentBits.GuildMembers],
    commands: levelsCommands,
    onMessage: createXpHandler(cooldowns),
    adminOps: [levelsTopOp],
    events: [
      defineEvent({
        event: 'guildMemberAdd',
        async run(ctx, member) {
          if (member.user.bot) return;
          const row = getLevel(ctx.db, member.guild.id, member.id);
          if (row.blacklisted || row.xp <= 0) return;
          const jail = latestCaseOf(ctx.db, member.guild.id, member.id, ['JAIL', 'UNJAIL']);
          if (jail?.type === 'JAIL') return;
          const s = ctx.settings.get<LevelsSettings>('levels', member.guild.id);
          const level = levelFromXp(row.xp, s.exponent);
          if (level > 0) await applyRewards(member, s, level);
        },
      }),
    ],
  });
}
