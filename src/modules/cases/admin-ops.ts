/** The console's view of cases (`cases.list`, `cases.view`), registered through the module contract. */
import { z } from 'zod';
import { AdminError } from '#admin/admin-errors.ts';
import { defineAdminOp } from '#admin/define-op.ts';
import { getCase, listCases } from './case-store.ts';

const guildId = z.string().regex(/^\d{17,20}$/, 'a guild id is 17–20 digits');

export const casesListOp = defineAdminOp({
  name: 'cases.list',
  summary: 'Moderation cases, newest first (optionally of one guild, user or type)',
  role: 'viewer',
  audit: false,
  input: z
    .object({
      guildId: guildId.optional(),
      userId: z
        .string()
        .regex(/^\d{17,20}$/, 'a user id is 17–20 digits')
        .optional(),
      type: z.string().min(2).max(32).optional(),
      limit: z.number().int().min(1).max(1000).default(50),
    })
    .strict(),
  run: (ctx, input) =>
    listCases(ctx.db, {
      limit: input.limit,
      ...(input.guildId ? { guildId: input.guildId } : {}),
      ...(input.userId ? { userId: input.userId } : {}),
      ...(input.type ? { type: input.type } : {}),
    }),
});

export const casesViewOp = defineAdminOp({
  name: 'cases.view',
  summary: 'One case by guild and number',
  role: 'viewer',
  audit: false,
  input: z.object({ guildId, number: z.number().int().min(1) }).strict(),
  run(ctx, input) {
    const c = getCase(ctx.db, input.guildId, input.number);
    if (!c) throw new AdminError('not-found', `no case #${input.number} in guild ${input.guildId}`);
    return c;
  },
});
