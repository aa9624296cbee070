import type { Scheduler } from '../scheduler/types.ts';
import type { ModuleAttacher } from './types.ts';

/** Registers a module's job handlers with the scheduler while the module is enabled. */
export function attachJobs<TCtx>(scheduler: Scheduler): ModuleAttacher<TCtx> {
  return (module) => {
    const undo = Object.entries(module.jobs ?? {}).map(([type, handler]) => scheduler.handle(type, handler));
    return undo.length > 0
      ? () => {
          for (const u of undo) u();
        }
      : undefined;
  };
}
