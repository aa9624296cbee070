import { auditQueryOp } from './ops/audit-ops.ts';
import { configDiffOp, configGetOp, configSetOp, configValidateOp } from './ops/config-ops.ts';
import { dbBackupOp, dbBackupsOp, dbRestoreOp } from './ops/db-ops.ts';
import { keysAddOp, keysListOp, keysRemoveOp } from './ops/keys-ops.ts';
import { logsFollowOp, logsTailOp } from './ops/logs-ops.ts';
import { modulesDisableOp, modulesEnableOp, modulesListOp } from './ops/modules-ops.ts';
import { servicesListOp, servicesRestartOp, servicesStartOp, servicesStopOp } from './ops/services-ops.ts';
import { sessionsKickOp, sessionsListOp } from './ops/sessions-ops.ts';
import { settingsGetOp, settingsListOp, settingsResetOp, settingsSetOp } from './ops/settings-ops.ts';
import { guildsListOp, statusOp } from './ops/status-ops.ts';

/**
 * The kernel's admin operations, by name. Adding one here makes it available to the TUI, exec commands and the CLI.
 * Feature modules register theirs on their definition (`adminOps`); runAdminOp finds both.
 */
export const adminOps = {
  status: statusOp,
  'guilds.list': guildsListOp,
  'services.list': servicesListOp,
  'services.restart': servicesRestartOp,
  'services.start': servicesStartOp,
  'services.stop': servicesStopOp,
  'modules.list': modulesListOp,
  'modules.enable': modulesEnableOp,
  'modules.disable': modulesDisableOp,
  'config.get': configGetOp,
  'config.validate': configValidateOp,
  'config.diff': configDiffOp,
  'config.set': configSetOp,
  'logs.tail': logsTailOp,
  'logs.follow': logsFollowOp,
  'audit.query': auditQueryOp,
  'sessions.list': sessionsListOp,
  'sessions.kick': sessionsKickOp,
  'keys.list': keysListOp,
  'keys.add': keysAddOp,
  'keys.remove': keysRemoveOp,
  'db.backup': dbBackupOp,
  'db.backups': dbBackupsOp,
  'db.restore': dbRestoreOp,
  'settings.list': settingsListOp,
  'settings.get': settingsGetOp,
  'settings.set': settingsSetOp,
  'settings.reset': settingsResetOp,
} as const;

export type AdminOpName = keyof typeof adminOps;
export type AdminOpResult<N extends AdminOpName> = Awaited<ReturnType<(typeof adminOps)[N]['run']>>;
export type AdminOpInput<N extends AdminOpName> = import('zod').input<(typeof adminOps)[N]['input']>;
