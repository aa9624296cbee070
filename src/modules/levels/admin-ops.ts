/** The console's view of levels: a guild's leaderboard (blacklisted and opted-out members left out). */
import { z } from 'zod';
import { defineAdminOp } from '#admin/define-op.ts';
import { levelFromXp } from './formulas.ts';
import { topMembers } from './level-store.ts';
import type { LevelsSettings } from './settings.ts';

export const levelsTopOp = defineAdminOp({
  name: 'levels.top',
  summary: 'Members of a guild with the most XP',
  role: 'viewer',
  audit: false,
  input: z
    .object({
      guildId: z.string().regex(/^\d{17,20}$/, 'a guild id is 17–20 digits'),
      limit: z.number().int().min(1).max(1000).default(20),
    })
    .strict(),
  run(ctx, input) {
    const s = ctx.settings.get<LevelsSettings>('levels', input.guildId);
    return topMembers(ctx.db, input.guildId, input.limit).map((r, i) => ({
      rank: i + 1,
      userId: r.userId,
      xp: r.xp,
      level: levelFromXp(r.xp, s.exponent),
    }));
  },
});
