import type { Health, Service } from '../services/types.ts';
import type { ModuleManager } from './module-manager.ts';

/** Loads the enabled modules once the database and scheduler are up, and unloads them at shutdown. */
export function createModulesService<TCtx>(modules: ModuleManager<TCtx>): Service {
  return {
    name: 'modules',
    dependsOn: ['db', 'scheduler'],
    start: () => modules.loadAll(),
    stop: () => modules.unloadAll(),
    health(): Health {
      const states = modules.list();
      const failed = states.filter((m) => m.status === 'failed');
      const enabled = states.filter((m) => m.status === 'enabled').length;
      return {
        status: failed.length > 0 ? 'degraded' : 'ok',
        detail:
          failed.length > 0
            ? `failed: ${failed.map((m) => `${m.name} (${m.error})`).join('; ')}`
            : `${enabled} of ${states.length} enabled`,
        metrics: { enabled, failed: failed.length, total: states.length },
      };
    },
  };
}
