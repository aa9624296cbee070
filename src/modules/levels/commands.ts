/** `level` for everyone, `levels …` for staff (set, setxp, reset, blacklist) and members (top, hide), `/leaderboard`. */
import type { APIEmbed, GuildMember, User } from 'discord.js';
import { type AnyCommand, arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { brandEmbed, infoEmbed, paginate, successEmbed } from '#discord/ui/index.ts';
import { levelFromXp, progressOf, xpForLevel } from './formulas.ts';
import { countRanked, getLevel, setLevelRow, topMembers } from './level-store.ts';
import { applyRewards } from './role-rewards.ts';
import { capLevel, type LevelsSettings } from './settings.ts';

const MAX_LEVEL = 1000;
const MAX_XP = 1_000_000_000;
const PAGE = 10;
const MAX_PAGES = 25;

const settingsOf = (ctx: CommandContext): LevelsSettings =>
  ctx.app.settings.get<LevelsSettings>('levels', ctx.guildId!);

async function memberOf(ctx: CommandContext, user: User): Promise<GuildMember | null> {
  return ctx.guild?.members.fetch(user.id).catch(() => null) ?? null;
}

async function resync(ctx: CommandContext, member: GuildMember, s: LevelsSettings, level: number): Promise<void> {
  await applyRewards(member, s, level).catch((err: unknown) =>
    ctx.log.warn({ err, userId: member.id }, 'levels: could not update reward roles'),
  );
}

export function levelEmbed(ctx: CommandContext, user: User, displayName: string): APIEmbed | string {
  const s = settingsOf(ctx);
  const row = getLevel(ctx.app.db, ctx.guildId!, user.id);
  const level = levelFromXp(row.xp, s.exponent);
  const cap = capLevel(s);
  const capped = cap !== null && level >= cap;
  if (!s.show_progress) {
    return capped
      ? `**Level ${cap}** - \`XP: ${Math.round(xpForLevel(cap, s.exponent))} (limit reached)\``
      : `**Level ${level}** - \`XP: ${Math.round(row.xp)}\``;
  }
  const p = progressOf(row.xp, level, s.exponent);
  const embed: APIEmbed = {
    color: 16044058,
    author: { name: displayName, icon_url: user.displayAvatarURL() },
    title: `Level ${capped ? cap : level}`,
    description: capped
      ? `Progress to Next Level:\n\`${'▰'.repeat(10)}\` ${Math.round(xpForLevel(cap, s.exponent))} (limit reached)`
      : `Progress to Next Level:\n\`${p.bar}\` ${p.progress}/${p.required}`,
    footer: { text: `Total XP: ${Math.round(row.xp)}` },
  };
  return embed;
}

const levelCommand = defineCommand({
  name: 'level',
  aliases: ['lvl', 'rank', 'xp'],
  description: "Show your level and XP (or another member's)",
  category: 'Levels',
  guildOnly: true,
  defaultRank: 0,
  args: { member: arg.user({ description: 'Member (default: you)', optional: true }) },
  async run(ctx, { member }) {
    const user = member ?? ctx.user;
    const m = await memberOf(ctx, user);
    const shown = levelEmbed(ctx, user, m?.displayName ?? user.displayName);
    await ctx.reply(
      typeof shown === 'string' ? { content: shown, ephemeral: true } : { embeds: [shown], ephemeral: true },
    );
  },
});

async function showLeaderboard(ctx: CommandContext): Promise<void> {
  const s = settingsOf(ctx);
  if (!s.leaderboard) {
    throw new UserError('levels.leaderboard_off', 'The leaderboard is turned off in this server.');
  }
  const guildId = ctx.guildId!;
  const total = countRanked(ctx.app.db, guildId);
  if (total === 0) {
    await ctx.reply({ embeds: [infoEmbed({ title: 'Leaderboard', description: 'Nobody has any XP yet.' })] });
    return;
  }
  const rows = topMembers(ctx.app.db, guildId, PAGE * MAX_PAGES);
  const pages: APIEmbed[] = [];
  for (let i = 0; i < rows.length; i += PAGE) {
    const lines = rows.slice(i, i + PAGE).map((r, j) => {
      const level = levelFromXp(r.xp, s.exponent);
      return `**${i + j + 1}.** <@${r.userId}> · Level ${level} · ${Math.round(r.xp)} XP`;
    });
    pages.push(
      brandEmbed('info', {
        title: `Leaderboard (${total} ranked)`,
        description: `${lines.join('\n')}\n\n-# Leave the leaderboard with \`${ctx.prefix}levels hide\`.`,
      }),
    );
  }
  await paginate(ctx, pages);
}

const memberArg = () => arg.member({ description: 'Member' });

const levelsCommand = defineCommand({
  name: 'levels',
  aliases: ['lvls'],
  description: 'Levels: leaderboard, opt-out, and staff tools',
  category: 'Levels',
  guildOnly: true,
  defaultRank: 0,
  subcommands: [
    defineCommand({
      name: 'top',
      aliases: ['leaderboard', 'lb'],
      description: 'The members with the most XP',
      run: (ctx) => showLeaderboard(ctx),
    }),
    defineCommand({
      name: 'hide',
      description: 'Leave (or rejoin) the leaderboard',
      async run(ctx) {
        const row = getLevel(ctx.app.db, ctx.guildId!, ctx.user.id);
        setLevelRow(ctx.app.db, ctx.guildId!, ctx.user.id, { hidden: !row.hidden });
        await ctx.reply({
          embeds: [
            successEmbed({
              description: row.hidden
                ? 'You are shown on the leaderboard again.'
                : 'You are now hidden from the leaderboard. Run this again to come back.',
            }),
          ],
          ephemeral: true,
        });
      },
    }),
    defineCommand({
      name: 'set',
      aliases: ['s'],
      description: "Set a member's level",
      defaultRank: 5,
      args: {
        member: memberArg(),
        level: arg.integer({ description: `New level (0–${MAX_LEVEL})`, min: 0, max: MAX_LEVEL }),
      },
      async run(ctx, { member, level }) {
        const s = settingsOf(ctx);
        const before = getLevel(ctx.app.db, ctx.guildId!, member.id);
        const xp = xpForLevel(level, s.exponent);
        setLevelRow(ctx.app.db, ctx.guildId!, member.id, { xp, level });
        await resync(ctx, member, s, level);
        await ctx.reply({
          embeds: [
            successEmbed({
              title: `Level Set - ${member.displayName}`,
              description: `${member}'s level has been updated from **${before.level}** to **${level}**\nTheir XP has been updated from **${Math.round(before.xp)}** to **${Math.round(xp)}**`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'setxp',
      aliases: ['sxp'],
      description: "Set a member's XP",
      defaultRank: 5,
      args: {
        member: memberArg(),
        xp: arg.integer({ description: `New XP (0–${MAX_XP})`, min: 0, max: MAX_XP }),
      },
      async run(ctx, { member, xp }) {
        const s = settingsOf(ctx);
        const before = getLevel(ctx.app.db, ctx.guildId!, member.id);
        const level = levelFromXp(xp, s.exponent);
        setLevelRow(ctx.app.db, ctx.guildId!, member.id, { xp, level });
        await resync(ctx, member, s, level);
        await ctx.reply({
          embeds: [
            successEmbed({
              title: `XP Set - ${member.displayName}`,
              description: `${member}'s XP has been updated from **${Math.round(before.xp)}** to **${xp}**\nTheir level has been updated from **${before.level}** to **${level}**`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'reset',
      aliases: ['r'],
      description: "Reset a member's XP and level to 0",
      defaultRank: 5,
      args: { member: memberArg() },
      async run(ctx, { member }) {
        const before = getLevel(ctx.app.db, ctx.guildId!, member.id);
        setLevelRow(ctx.app.db, ctx.guildId!, member.id, { xp: 0, level: 0 });
        await ctx.reply({
          embeds: [
            successEmbed({
              title: `XP Reset - ${member.displayName}`,
              description: `${member}'s XP has been reset from **${Math.round(before.xp)}** to **0**`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'blacklist',
      aliases: ['bl'],
      description: 'Stop (or allow again) a member gaining XP',
      defaultRank: 5,
      args: { member: memberArg() },
      async run(ctx, { member }) {
        const row = getLevel(ctx.app.db, ctx.guildId!, member.id);
        setLevelRow(ctx.app.db, ctx.guildId!, member.id, { blacklisted: !row.blacklisted });
        await ctx.reply({
          embeds: [
            successEmbed({
              description: `${member} has been ${row.blacklisted ? 'unblacklisted' : 'blacklisted'} from gaining XP.`,
            }),
          ],
        });
      },
    }),
  ],
});

const leaderboardCommand = defineCommand({
  name: 'leaderboard',
  description: 'The members with the most XP',
  category: 'Levels',
  guildOnly: true,
  defaultRank: 0,
  prefix: false,
  run: (ctx) => showLeaderboard(ctx),
});

export const levelsCommands: AnyCommand[] = [levelCommand, levelsCommand, leaderboardCommand];
