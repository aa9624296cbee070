import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditTrail } from '#core/audit/audit-trail.ts';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { createLogSystem } from '#core/log/log-system.ts';
import { ModuleManager } from '#core/modules/module-manager.ts';
import type { BotContext } from '#discord/context.ts';
import { defineModule } from '#discord/module.ts';
import { definePlugin } from '../plugin-api/index.ts';
import { docsExampleFiles, writePlugin } from './docs-example.ts';
import { loadPlugins } from './load-plugins.ts';

let temps: TempDb[] = [];
afterEach(() => {
  for (const t of temps) t.cleanup();
  temps = [];
});

const manifest = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name, version: '0.1.0', api: '^1.0.0', ...extra });
const HELLO = `export default (tux) => ({ commands: [tux.api.defineCommand({ name: 'hi', description: 'Hi', defaultRank: 0, run: (ctx) => ctx.reply('hi') })] });`;

async function setup() {
  const temp = await openTempDb();
  temps.push(temp);
  const lines: string[] = [];
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const logs = createLogSystem({ level: 'info', stdout, pretty: false, file: false });
  const audit = createAuditTrail({ db: temp.db, keysDir: path.join(temp.dir, 'keys') });
  const modules = new ModuleManager<BotContext>({
    db: temp.db,
    log: logs.child('modules'),
    audit,
    context: () => ({}) as BotContext,
  });
  const { defineCommand } = await import('../plugin-api/index.ts');
  modules.register(
    defineModule({
      name: 'core',
      description: 'core',
      commands: [defineCommand({ name: 'ping', aliases: ['p'], description: 'Ping', defaultRank: 0, run: () => 0 })],
    }),
  );
  const dir = path.join(temp.dir, 'plugins');
  fs.mkdirSync(dir);
  return { temp, modules, logs, lines, dir };
}

describe('loadPlugins', () => {
  it('loads the documented example plugin from a folder, with its version, source, settings and intents', async () => {
    const { modules, logs, dir } = await setup();
    writePlugin(dir, 'greeter', docsExampleFiles());
    const reports = await loadPlugins({ modules, logs, app: () => ({}) as BotContext, bundled: [], dir });
    expect(reports).toEqual([
      { name: 'greeter', version: '1.0.0', source: 'plugins/greeter', status: 'loaded', error: null },
    ]);
    const def = modules.get('greeter') as unknown as {
      commands: { name: string }[];
      intents: number[];
      config: unknown;
    };
    expect(def.commands.map((c) => c.name)).toEqual(['hello']);
    expect(def.intents).toEqual([2]); // GuildMembers
    await modules.loadAll();
    expect(modules.list().find((m) => m.name === 'greeter')).toMatchObject({
      status: 'enabled',
      version: '1.0.0',
      source: 'plugins/greeter',
    });
  });

  it('marks each broken plugin failed with its reason, and loads the good ones', async () => {
    const { modules, logs, dir } = await setup();
    writePlugin(dir, 'a-json', { 'plugin.json': '{ "name": "a-json",', 'index.js': HELLO });
    writePlugin(dir, 'b-fields', { 'plugin.json': JSON.stringify({ name: 'b-fields', version: '1', api: '^1.0.0' }) });
    writePlugin(dir, 'c-range', { 'plugin.json': manifest('c-range', { api: '^2.0.0' }), 'index.js': HELLO });
    writePlugin(dir, 'd-clash', {
      'plugin.json': manifest('d-clash'),
      'index.js': `export default (tux) => ({ commands: [tux.api.defineCommand({ name: 'pong', aliases: ['p'], description: 'x', defaultRank: 0, run() {} })] });`,
    });
    writePlugin(dir, 'e-create', {
      'plugin.json': manifest('e-create'),
      'index.js': `export default () => { throw new Error('boom in create'); };`,
    });
    writePlugin(dir, 'f-setup', {
      'plugin.json': manifest('f-setup'),
      'index.js': `export default () => ({ setup() { throw new Error('needs a database url'); } });`,
    });
    writePlugin(dir, 'g-syntax', { 'plugin.json': manifest('g-syntax'), 'index.js': 'export default (' });
    writePlugin(dir, 'h-settings', {
      'plugin.json': manifest('h-settings', {
        settings: { size: { type: 'integer', description: 'Size', default: 50, max: 10 } },
      }),
      'index.js': HELLO,
    });
    writePlugin(dir, 'i-core', { 'plugin.json': manifest('core'), 'index.js': 'export default () => ({})' });
    writePlugin(dir, 'z-good', { 'plugin.json': manifest('z-good'), 'index.js': HELLO });
    const reports = await loadPlugins({ modules, logs, app: () => ({}) as BotContext, bundled: [], dir });
    const reason = Object.fromEntries(reports.map((r) => [r.source, r.error]));
    expect(reason['plugins/a-json']).toMatch(/^broken manifest: plugin.json is not valid JSON/);
    expect(reason['plugins/b-fields']).toBe('broken manifest: version: a version is semantic: "1.0.0"');
    expect(reason['plugins/c-range']).toBe(
      'needs plugin API ^2.0.0, but this Tux provides 1.2.0; use a plugin version made for it',
    );
    expect(reason['plugins/d-clash']).toBe('command name "p" is already used by core');
    expect(reason['plugins/e-create']).toBe('create() threw: boom in create');
    expect(reason['plugins/f-setup']).toBeNull();
    expect(reason['plugins/g-syntax']).toMatch(/^importing index.js failed: /);
    expect(reason['plugins/h-settings']).toBe('broken manifest: settings.size.default: above max');
    expect(reason['plugins/i-core']).toBe('the name "core" is already taken by a module');
    expect(reason['plugins/z-good']).toBeNull();

    await modules.loadAll();
    const state = Object.fromEntries(modules.list().map((m) => [m.name, m]));
    expect(state['z-good']?.status).toBe('enabled');
    expect(state.core?.status).toBe('enabled');
    expect(state['f-setup']).toMatchObject({ status: 'failed', error: 'needs a database url' });
    expect(state['c-range']).toMatchObject({
      status: 'failed',
      source: 'plugins/c-range',
      version: '0.1.0',
      error: 'needs plugin API ^2.0.0, but this Tux provides 1.2.0; use a plugin version made for it',
    });
    expect(state['d-clash']?.status).toBe('failed');
    expect(state['a-json']).toMatchObject({ status: 'failed', version: null });
    // Enabling a failed plugin again says the same, and changes nothing else.
    expect((await modules.enable('c-range')).error).toContain('needs plugin API ^2.0.0');
  });

  it('loads bundled plugins from their definitions and checks them the same way', async () => {
    const { modules, logs, dir } = await setup();
    const ok = definePlugin({
      manifest: { name: 'bundled_ok', version: '2.0.0', api: '^1.0.0' },
      create: () => ({}),
    });
    const bad = definePlugin({ manifest: { name: 'bundled_bad', version: '1.0.0', api: '>=3' }, create: () => ({}) });
    const reports = await loadPlugins({ modules, logs, app: () => ({}) as BotContext, bundled: [ok, bad], dir });
    expect(reports.map((r) => `${r.name} ${r.source} ${r.status}`)).toEqual([
      'bundled_ok bundled plugin loaded',
      'bundled_bad bundled plugin failed',
    ]);
  });

  it('reads an npm package manifest from package.json "tux"', async () => {
    const { modules, logs, dir } = await setup();
    writePlugin(dir, 'pkg', {
      'package.json': JSON.stringify({ name: 'pkg-plugin', version: '3.1.0', main: 'main.mjs', tux: { api: '1.x' } }),
      'main.mjs': HELLO,
    });
    const reports = await loadPlugins({ modules, logs, app: () => ({}) as BotContext, bundled: [], dir });
    expect(reports[0]).toMatchObject({ name: 'pkg-plugin', version: '3.1.0', status: 'loaded' });
  });
});
