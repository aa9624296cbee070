/** The levels settings of a guild, with Tux's defaults (exponent 2, cooldown 1 s, progress shown, no cap). */
import { z } from 'zod';

const snowflake = /^\d{17,20}$/;

export const levelsSettingsSchema = z.object({
  exponent: z.number().min(1).max(5).default(2).describe('Level curve: XP for level L is 500·(L/5)^exponent'),
  cooldown: z.number().int().min(0).max(3600).default(1).describe('Seconds between two XP grants to one member'),
  xp_roles: z
    .array(z.string().regex(/^\d{1,4}:\d{17,20}$/, 'each reward is LEVEL:ROLE, e.g. 5:@Regular'))
    .max(50)
    .default([])
    .describe('Role rewards as LEVEL:@role, comma-separated'),
  stack_roles: z.boolean().default(false).describe('Keep every reward reached (default: only the highest)'),
  multipliers: z
    .array(z.string().regex(/^\d{17,20}:\d{1,3}(\.\d{1,2})?$/, 'each multiplier is @role:NUMBER, e.g. @Booster:1.5'))
    .max(50)
    .default([])
    .describe('XP multipliers as @role:NUMBER; the largest one a member has applies'),
  blacklist_channels: z
    .array(z.string().regex(snowflake, 'give channels'))
    .max(100)
    .default([])
    .describe('Channels where no XP is given'),
  show_progress: z.boolean().default(true).describe('Show the progress bar in `level`'),
  xp_cap: z.boolean().default(false).describe('Stop XP at the highest reward level'),
  leaderboard: z.boolean().default(true).describe('Whether `levels top` and /leaderboard are available'),
  levelup_message: z.boolean().default(false).describe('Announce level-ups'),
  levelup_channel: z
    .string()
    .regex(snowflake, 'give a channel')
    .nullable()
    .default(null)
    .describe('Channel for level-up messages (none: the channel of the message)'),
  levelup_template: z
    .string()
    .min(1)
    .max(500)
    .default('🎉 {user} reached level **{level}**!')
    .describe('Level-up text; {user} and {level} are filled in'),
});

export type LevelsSettings = z.infer<typeof levelsSettingsSchema>;

export interface RoleReward {
  level: number;
  roleId: string;
}

export function rewardsOf(s: LevelsSettings): RoleReward[] {
  return s.xp_roles
    .map((r) => {
      const [level, roleId] = r.split(':') as [string, string];
      return { level: Number(level), roleId };
    })
    .sort((a, b) => a.level - b.level);
}

/** The largest multiplier among the member's roles (1 when none applies), as in Tux. */
export function multiplierFor(s: LevelsSettings, roleIds: Iterable<string>): number {
  if (s.multipliers.length === 0) return 1;
  const have = new Set(roleIds);
  let best = 1;
  for (const m of s.multipliers) {
    const [roleId, value] = m.split(':') as [string, string];
    if (have.has(roleId)) best = Math.max(best, Number(value));
  }
  return best;
}

/** The level XP stops at when the cap is on: the highest reward level (no cap without rewards). */
export function capLevel(s: LevelsSettings): number | null {
  if (!s.xp_cap) return null;
  const rewards = rewardsOf(s);
  return rewards.length ? (rewards[rewards.length - 1] as RoleReward).level : null;
}
