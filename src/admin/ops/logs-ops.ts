import { z } from 'zod';
import type { LogEntry, LogSubscription } from '#core/log/types.ts';
import { defineAdminOp } from '../define-op.ts';

export const logFilterInput = z
  .object({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional(),
    module: z.string().min(1).optional(),
    text: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(100_000).default(100),
  })
  .strict();

type LogFilterInput = z.output<typeof logFilterInput>;

function toFilter(i: LogFilterInput) {
  return {
    ...(i.level ? { minLevel: i.level } : {}),
    ...(i.module ? { module: i.module } : {}),
    ...(i.text ? { text: i.text } : {}),
  };
}

export const logsTailOp = defineAdminOp({
  name: 'logs.tail',
  summary: 'Recent log entries, filtered by level, module or text',
  role: 'viewer',
  audit: false,
  input: logFilterInput,
  run: (ctx, i) => ctx.logs.hub.recent(toFilter(i), i.limit),
});

export interface LogFollow {
  recent: LogEntry[];
  /** Starts delivering new entries; close the subscription to stop. */
  follow(onEntries: (entries: LogEntry[]) => void, onDrop?: (dropped: number) => void): LogSubscription;
}

export const logsFollowOp = defineAdminOp({
  name: 'logs.follow',
  summary: 'Recent log entries, then new ones as they are written',
  role: 'viewer',
  audit: false,
  input: logFilterInput,
  run(ctx, i): LogFollow {
    const filter = toFilter(i);
    return {
      recent: ctx.logs.hub.recent(filter, i.limit),
      follow: (onEntries, onDrop) => ctx.logs.hub.subscribe(filter, onEntries, onDrop ? { onDrop } : {}),
    };
  },
});
