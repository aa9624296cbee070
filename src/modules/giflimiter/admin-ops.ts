/** The console's GIF limiter operations: see a guild's limits (with current counts), set or clear a channel's. */
import { z } from 'zod';
import { AdminError } from '#admin/admin-errors.ts';
import { defineAdminOp } from '#admin/define-op.ts';
import type { GifCounter } from './gif-counter.ts';
import { limitsOf, setChannelLimits, setExcluded } from './gif-limits.ts';

const snowflake = (what: string) => z.string().regex(/^\d{17,20}$/, `a ${what} id is 17–20 digits`);

/** A settings refusal becomes the console's invalid-input error. */
function refusing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && err.name === 'SettingsError') throw new AdminError('invalid-input', err.message);
    throw err;
  }
}

export function gifLimiterOps(counter: GifCounter) {
  const show = defineAdminOp({
    name: 'giflimiter.show',
    summary: "A guild's GIF limits per channel, exclusions and the GIFs counted in the window now",
    role: 'viewer',
    audit: false,
    input: z.object({ guildId: snowflake('guild') }).strict(),
    run: (ctx, input) => limitsOf(ctx.settings, counter, input.guildId),
  });

  const set = defineAdminOp({
    name: 'giflimiter.set',
    summary: "Set (a number) or clear (null) a channel's GIF limits: for the channel, and for each member in it",
    role: 'operator',
    audit: true,
    input: z
      .object({
        guildId: snowflake('guild'),
        channelId: snowflake('channel'),
        channelLimit: z.number().int().min(1).max(1000).nullable().optional(),
        userLimit: z.number().int().min(1).max(1000).nullable().optional(),
      })
      .strict()
      .refine((i) => i.channelLimit !== undefined || i.userLimit !== undefined, {
        message: 'give channelLimit, userLimit or both (a number, or null to clear)',
      }),
    target: (i) => `giflimiter@${i.guildId}#${i.channelId}`,
    run: (ctx, input, actor) =>
      refusing(() =>
        setChannelLimits(
          ctx.settings,
          input.guildId,
          input.channelId,
          { channelLimit: input.channelLimit, userLimit: input.userLimit },
          actor.id,
        ),
      ),
  });

  const exclude = defineAdminOp({
    name: 'giflimiter.exclude',
    summary: 'Leave a channel out of the GIF limiter (excluded: true) or take it back in (false)',
    role: 'operator',
    audit: true,
    input: z.object({ guildId: snowflake('guild'), channelId: snowflake('channel'), excluded: z.boolean() }).strict(),
    target: (i) => `giflimiter@${i.guildId}#${i.channelId}`,
    run: (ctx, input, actor) =>
      refusing(() => ({
        exclude: setExcluded(ctx.settings, input.guildId, input.channelId, input.excluded, actor.id),
      })),
  });

  return [show, set, exclude];
}
