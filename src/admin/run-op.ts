import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from './actor.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError, errorMessage } from './admin-errors.ts';
import { type AdminOpName, type AdminOpResult, adminOps } from './admin-ops.ts';
import type { AdminOp } from './define-op.ts';
import { roleAllows } from './roles.ts';

/** Kernel errors that carry a message meant for the user (no stack needed). */
const EXPECTED_ERRORS = new Set(['ModuleError', 'ConfigError', 'DurationError', 'ServiceError']);

export function formatZodError(err: z.ZodError): string {
  return err.issues
    .map((i) => {
      const where = i.path.length ? `${i.path.join('.')}: ` : '';
      return `${where}${i.message}`;
    })
    .join('; ');
}

/** Operations registered by modules (cases.list, ...), found through the module contract. */
export function moduleAdminOps(ctx: Pick<AdminContext, 'modules'>): AdminOp[] {
  const out: AdminOp[] = [];
  for (const def of ctx.modules.definitions() as { adminOps?: readonly unknown[] }[]) {
    for (const op of def.adminOps ?? []) out.push(op as AdminOp);
  }
  return out;
}

/** An operation by name: the kernel's own, else one a module registered. */
export function findAdminOp(name: string, ctx?: Pick<AdminContext, 'modules'>): AdminOp | undefined {
  if (Object.hasOwn(adminOps, name)) return adminOps[name as AdminOpName] as unknown as AdminOp;
  return ctx ? moduleAdminOps(ctx).find((op) => op.name === name) : undefined;
}

/**
 * The single entry point of every admin action: validates the input, checks the role, runs, and audits.
 * Expected failures are AdminErrors (invalid-input, forbidden, not-found, conflict, failed); an unexpected one is
 * logged with its stack under an error id that the message carries.
 */
export async function runAdminOp<N extends AdminOpName>(
  ctx: AdminContext,
  name: N,
  rawInput: unknown,
  actor: Actor,
): Promise<AdminOpResult<N>>;
export async function runAdminOp(ctx: AdminContext, name: string, rawInput: unknown, actor: Actor): Promise<unknown>;
export async function runAdminOp(ctx: AdminContext, name: string, rawInput: unknown, actor: Actor): Promise<unknown> {
  const op = findAdminOp(name, ctx);
  if (!op) throw new AdminError('unknown-op', `unknown operation "${name}"`);
  const base = {
    ...(actor.address ? { address: actor.address } : {}),
    ...(actor.sessionId ? { session: actor.sessionId } : {}),
    role: actor.role,
  };
  const record = (outcome: 'ok' | 'denied' | 'failed', details: Record<string, unknown>, target: string | null) => {
    try {
      ctx.audit.record({ actor: actor.id, action: op.name, target, details: { ...base, ...details }, outcome });
    } catch (err) {
      ctx.log.error({ err, op: op.name }, 'could not write the audit row');
    }
  };

  if (!roleAllows(actor.role, op.role)) {
    record('denied', { reason: `needs role ${op.role}` }, null);
    throw new AdminError('forbidden', `"${op.name}" needs the ${op.role} role; this key has ${actor.role}`);
  }
  const parsed = op.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const message = formatZodError(parsed.error);
    if (op.audit) record('failed', { reason: `invalid input: ${message}` }, null);
    throw new AdminError('invalid-input', message);
  }
  const input = parsed.data;
  const target = op.target ? op.target(input) : null;
  const details = () => (op.auditDetails ? op.auditDetails(input) : ((input ?? {}) as Record<string, unknown>));
  try {
    const result = await op.run(ctx, input, actor);
    if (op.audit) {
      const extra = op.auditResult?.(result) ?? {};
      record(extra.outcome ?? 'ok', { ...details(), ...extra.details }, target);
    }
    return result;
  } catch (err) {
    if (err instanceof AdminError) {
      if (op.audit)
        record(err.code === 'forbidden' ? 'denied' : 'failed', { ...details(), reason: err.message }, target);
      throw err;
    }
    if (err instanceof Error && EXPECTED_ERRORS.has(err.name)) {
      if (op.audit) record('failed', { ...details(), reason: err.message }, target);
      throw new AdminError('failed', err.message);
    }
    const errorId = randomBytes(4).toString('hex');
    ctx.log.error({ err, errorId, op: op.name, actor: actor.id }, `admin operation ${op.name} failed`);
    if (op.audit) record('failed', { ...details(), reason: errorMessage(err), errorId }, target);
    throw new AdminError('failed', `${errorMessage(err)} (error id ${errorId})`);
  }
}
