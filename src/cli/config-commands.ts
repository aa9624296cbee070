/** `tux config …`: check, read and change tux.toml from the machine the appliance runs on. */
import type { Command } from 'commander';
import { jsonForTerminal } from '#admin/sanitize.ts';
import { renderJsonSchemaFile } from '#core/config/config-artifacts.ts';
import { requireKey } from '#core/config/config-store.ts';
import { keyMeta, listKeys, listSections } from '#core/config/key-meta.ts';
import { maskValue } from '#core/config/mask-secrets.ts';
import type { ConfigStore } from '#core/config/types.ts';
import { type CliDeps, cliIo, createCliDeps, runGuarded } from './cli-deps.ts';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function displayValue(store: ConfigStore, key: string, reveal: boolean): unknown {
  const info = requireKey(key);
  const value = store.get(key);
  return info.secret && !reveal ? maskValue(value) : value;
}

/**
 * Adds `tux config check|schema|get|set`. The file comes from the global --config option, then $TUX_CONFIG,
 * then ./tux.toml. Exit codes: 0 ok, 1 invalid config or rejected change, 2 usage (commander's own errors).
 */
export function registerConfigCommands(program: Command, deps: CliDeps = createCliDeps(program)): void {
  const io = cliIo(deps);
  const config = program.command('config').description('check, read and change tux.toml');

  config
    .command('check')
    .description('load and validate the config (file + TUX_* environment); print warnings')
    .action(() =>
      runGuarded(deps, async () => {
        const store = await deps.loadConfig();
        for (const warning of store.warnings) io.err(`warning: ${warning}`);
        const env = store.envOverrides();
        const envNote = env.length ? `; overridden by the environment: ${env.join(', ')}` : '';
        io.out(`${store.path}: ok${envNote}`);
      }),
    );

  config
    .command('schema')
    .description('print the JSON Schema of tux.toml')
    .action(() => {
      (deps.stdout ?? process.stdout).write(renderJsonSchemaFile());
    });

  config
    .command('get')
    .description('print a key (ssh.port) or a whole section (ssh); secrets are masked unless --reveal')
    .argument('<key>', 'dotted key or section name')
    .option('--reveal', 'print secret values in clear')
    .option('--json', 'print JSON')
    .action((key: string, opts: { reveal?: boolean; json?: boolean }) =>
      runGuarded(deps, async () => {
        const store = await deps.loadConfig();
        const reveal = opts.reveal === true;
        if (!keyMeta(key) && listSections().includes(key)) {
          const keys = listKeys().filter((k) => k.section === key);
          if (opts.json) {
            io.out(jsonForTerminal(Object.fromEntries(keys.map((k) => [k.name, displayValue(store, k.key, reveal)]))));
          } else {
            for (const k of keys) io.out(`${k.name} = ${jsonForTerminal(displayValue(store, k.key, reveal))}`);
          }
          return;
        }
        const value = displayValue(store, key, reveal);
        io.out(opts.json ? jsonForTerminal(value) : show(value));
        const variable = store.envVariable(key);
        if (variable) io.err(`(set by ${variable} in the environment)`);
      }),
    );

  config
    .command('set')
    .description('validate and save one key (atomic; comments in the file are kept)')
    .argument('<key>', 'dotted key, e.g. ssh.port')
    .argument('<value>', 'new value; lists as JSON or comma-separated')
    .action((key: string, value: string) =>
      runGuarded(deps, async () => {
        const store = await deps.loadConfig();
        const info = requireKey(key);
        const result = await store.set(key, value);
        const shown = show(displayValue(store, key, false));
        for (const warning of result.warnings) io.err(`warning: ${warning}`);
        if (result.envOverride) {
          io.out(`${key} saved to ${store.path}, but ${result.envOverride} overrides it while it is set`);
        } else if (!result.changes.length) {
          io.out(`${key} = ${shown} (unchanged)`);
        } else if (info.apply === 'hot') {
          io.out(`${key} = ${shown} (applied at once by a running tux)`);
        } else {
          io.out(`${key} = ${shown} (restart required: restart tux to apply)`);
        }
      }),
    );
}
