import type { AuditTrail } from './audit/types.ts';
import type { ConfigStore } from './config/types.ts';
import type { Db } from './db/types.ts';
import type { Logger, LogSystem } from './log/types.ts';
import type { ModuleManager } from './modules/module-manager.ts';
import type { Scheduler } from './scheduler/types.ts';
import type { ServiceRegistry } from './services/service-registry.ts';
import type { GuildSettings } from './settings/guild-settings.ts';

/** Everything the kernel provides. Passed explicitly; there are no globals. */
export interface CoreContext {
  config: ConfigStore;
  logs: LogSystem;
  /** Logger for the caller's module (a child of logs.root). */
  log: Logger;
  db: Db;
  scheduler: Scheduler;
  services: ServiceRegistry;
  audit: AuditTrail;
  // biome-ignore lint/suspicious/noExplicitAny: the manager is generic over the runtime's context type
  modules: ModuleManager<any>;
  /** Per-guild module settings (schema and defaults from each module), read from memory. */
  settings: GuildSettings;
  /** Absolute data and keys directories, resolved from config at start. */
  paths: { data: string; keys: string; config: string };
  version: string;
  startedAt: number;
}
