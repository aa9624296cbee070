import { z } from 'zod';
import { DurationError, parseDuration } from '#core/time/duration.ts';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

/** "1h", "2d" (ago) or epoch milliseconds. */
const since = z.union([z.number().int().nonnegative(), z.string().min(1)]).optional();

export const auditQueryOp = defineAdminOp({
  name: 'audit.query',
  summary: 'Audit trail entries, newest first',
  role: 'viewer',
  audit: false,
  input: z
    .object({
      actor: z.string().min(1).optional(),
      action: z.string().min(1).optional(),
      outcome: z.enum(['ok', 'denied', 'failed', 'error']).optional(),
      since,
      text: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(10_000).default(100),
    })
    .strict(),
  run(ctx, i) {
    let sinceMs: number | undefined;
    if (typeof i.since === 'number') sinceMs = i.since;
    else if (typeof i.since === 'string') {
      try {
        sinceMs = Date.now() - parseDuration(i.since);
      } catch (err) {
        if (err instanceof DurationError) throw new AdminError('invalid-input', `--since: ${err.message}`);
        throw err;
      }
    }
    return ctx.audit.query({
      limit: i.limit,
      ...(i.actor ? { actor: i.actor } : {}),
      ...(i.action ? { action: i.action } : {}),
      ...(i.outcome ? { outcome: i.outcome } : {}),
      ...(i.text ? { text: i.text } : {}),
      ...(sinceMs !== undefined ? { since: sinceMs } : {}),
    });
  },
});
