import type { z } from 'zod';
import type { Actor } from './actor.ts';
import type { AdminContext } from './admin-context.ts';
import type { Role } from './roles.ts';

/** One admin operation, declared as data. The TUI, SSH exec commands and the local CLI all run these. */
export interface AdminOp<I extends z.ZodType = z.ZodType, R = unknown> {
  /** Dotted name, also the audit action: "services.restart". */
  name: string;
  summary: string;
  /** Least role allowed to run it. */
  role: Role;
  input: I;
  /** Whether a run is written to the audit trail. Every change is; reads need not be. Denials always are. */
  audit: boolean;
  /** What goes into the audit row's details (default: the input). Must not contain secrets. */
  auditDetails?: (input: z.output<I>) => Record<string, unknown>;
  /** What the result adds to the audit row of a successful run (a module's status after a toggle), and its outcome. */
  auditResult?: (result: R) => { details?: Record<string, unknown>; outcome?: 'ok' | 'failed' };
  /** Audit target (service name, config key, ...). */
  target?: (input: z.output<I>) => string | null;
  run(ctx: AdminContext, input: z.output<I>, actor: Actor): Promise<R> | R;
}

export function defineAdminOp<I extends z.ZodType, R>(op: AdminOp<I, R>): AdminOp<I, R> {
  return op;
}
