import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'give a channel');

export const automodSettingsSchema = z.object({
  log_channel: snowflake
    .nullable()
    .default(null)
    .describe('Channel for automod, raid and antinuke notices (none: the mod log)'),
  exempt_rank: z
    .number()
    .int()
    .min(0)
    .max(8)
    .default(2)
    .describe('Members at this permission rank or above are never checked (8: nobody is exempt by rank)'),
  raid_joins: z
    .number()
    .int()
    .min(0)
    .max(500)
    .default(0)
    .describe('Joins within raid_seconds that switch on raid mode (0: raid protection off)'),
  raid_seconds: z.number().int().min(1).max(600).default(10).describe('Window for counting joins, in seconds'),
  raid_action: z
    .enum(['timeout', 'kick'])
    .default('timeout')
    .describe('What happens to members who join during raid mode'),
  raid_timeout_minutes: z
    .number()
    .int()
    .min(1)
    .max(40320)
    .default(60)
    .describe('Timeout for members who join during raid mode, in minutes (at most 28 days)'),
  raid_quiet_minutes: z
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(10)
    .describe('Raid mode ends after this many minutes without a join'),
  min_account_age_days: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(0)
    .describe('Accounts younger than this many days are stopped on join (0: off)'),
  account_age_action: z
    .enum(['timeout', 'kick'])
    .default('kick')
    .describe('What happens to accounts younger than min_account_age_days'),
  antinuke_threshold: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe('Channel/role deletions or bans by one member within the window that strip their roles (0: off)'),
  antinuke_seconds: z.number().int().min(5).max(3600).default(60).describe('Antinuke window, in seconds'),
});

export type AutomodSettings = z.infer<typeof automodSettingsSchema>;
