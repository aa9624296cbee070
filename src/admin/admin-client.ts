import type { Actor } from './actor.ts';
import type { AdminContext } from './admin-context.ts';
import type { AdminOpInput, AdminOpName, AdminOpResult } from './admin-ops.ts';
import { runAdminOp } from './run-op.ts';

/** The admin operations bound to one actor: what a console view is given instead of the whole context. */
export interface AdminClient {
  readonly actor: Actor;
  run<N extends AdminOpName>(name: N, input?: AdminOpInput<N>): Promise<AdminOpResult<N>>;
}

export function createAdminClient(ctx: AdminContext, actor: Actor): AdminClient {
  return {
    actor,
    run: (name, input) => runAdminOp(ctx, name, input ?? {}, actor),
  };
}
