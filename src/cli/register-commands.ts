import type { Command } from 'commander';
import { registerAdminCommands } from './admin-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { createCliDeps } from './cli-deps.ts';
import { registerConfigCommands } from './config-commands.ts';
import { registerDbCommands } from './db-commands.ts';
import { registerDoctorCommand } from './doctor-command.ts';
import { registerHealthCommand } from './health-commands.ts';
import { registerKeysCommands } from './keys-commands.ts';

/**
 * Adds the management commands (config, db, audit, keys, …). Each area registers its own commands; this file only
 * lists them, so main.ts stays the same as areas are added.
 */
export function registerCliCommands(program: Command): void {
  const deps = createCliDeps(program);
  registerConfigCommands(program, deps);
  registerDbCommands(program, deps);
  registerAuditCommands(program, deps);
  registerKeysCommands(program, deps);
  registerAdminCommands(program, deps);
  registerHealthCommand(program, deps);
  registerDoctorCommand(program, deps);
}
