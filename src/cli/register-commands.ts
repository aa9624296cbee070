import type { Command } from 'commander';

/**
 * Adds the management commands (config, db, audit, keys, …). Each area registers its own commands; this file only
 * lists them, so main.ts stays the same as areas are added.
 */
export function registerCliCommands(_program: Command): void {}
