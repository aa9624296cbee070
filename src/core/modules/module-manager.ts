/**
 * Loads, enables and disables feature modules at runtime. Enabling runs every attacher (commands, events, jobs)
 * and the module's own setup; disabling runs their teardowns in reverse. Code is never re-imported: a module is a
 * value that is attached or detached. The global switch loads or unloads a module; a per-guild switch turns a
 * loaded module off (or back on) for one guild, which runtimes check with isEnabled(name, guildId).
 */
import { EventEmitter } from 'node:events';
import type { AuditTrail } from '../audit/types.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../log/types.ts';
import { moduleState } from './schema.ts';
import type { ModuleAttacher, ModuleDefinition, ModuleState, ModuleStatus, Teardown } from './types.ts';

interface Loaded<TCtx> {
  def: ModuleDefinition<TCtx>;
  status: ModuleStatus;
  error: string | null;
  teardowns: Teardown[];
}

export interface ToggleOptions {
  guildId?: string;
  /** Who asked, for the audit trail: "ssh:SHA256:…", "discord:123", "cli:root". */
  actor?: string;
  /** False when the caller writes the audit row itself (an admin operation does): one toggle, one row. */
  audit?: boolean;
}

export class ModuleError extends Error {
  override readonly name = 'ModuleError';
}

export class ModuleManager<TCtx> {
  private readonly modules = new Map<string, Loaded<TCtx>>();
  private readonly attachers: ModuleAttacher<TCtx>[] = [];
  /** module -> guild -> enabled, mirrored from the database for a fast isEnabled. */
  private readonly guildSwitches = new Map<string, Map<string, boolean>>();
  private readonly events = new EventEmitter();

  constructor(private readonly deps: { db: Db; log: Logger; audit: AuditTrail; context: () => TCtx }) {
    this.events.setMaxListeners(0);
  }

  register(def: ModuleDefinition<TCtx>): void {
    if (!/^[a-z][a-z0-9_-]{0,31}$/.test(def.name)) throw new ModuleError(`invalid module name "${def.name}"`);
    if (this.modules.has(def.name)) throw new ModuleError(`module "${def.name}" is registered twice`);
    this.modules.set(def.name, { def, status: 'disabled', error: null, teardowns: [] });
  }

  /** Attachers run in the order added when a module is enabled, and are undone in reverse. */
  addAttacher(attacher: ModuleAttacher<TCtx>): void {
    this.attachers.push(attacher);
  }

  /** Enables every module whose stored (or default) global switch is on. One failing module fails alone. */
  async loadAll(): Promise<void> {
    const rows = this.deps.db.orm.select().from(moduleState).all();
    for (const row of rows) {
      if (row.guildId === '') continue;
      this.switchesOf(row.module).set(row.guildId, row.enabled);
    }
    for (const loaded of this.modules.values()) {
      const stored = rows.find((r) => r.module === loaded.def.name && r.guildId === '');
      const on = loaded.def.required === true || (stored ? stored.enabled : loaded.def.defaultEnabled !== false);
      if (on) await this.activate(loaded);
    }
  }

  /** Tears down every loaded module (at shutdown). The stored switches are left as they are. */
  async unloadAll(): Promise<void> {
    for (const loaded of [...this.modules.values()].reverse()) await this.deactivate(loaded);
  }

  async enable(name: string, opts: ToggleOptions = {}): Promise<ModuleState> {
    return this.toggle(name, true, opts);
  }

  async disable(name: string, opts: ToggleOptions = {}): Promise<ModuleState> {
    return this.toggle(name, false, opts);
  }

  /** True when the module is loaded and not switched off for this guild. */
  isEnabled(name: string, guildId?: string | null): boolean {
    const loaded = this.modules.get(name);
    if (loaded?.status !== 'enabled') return false;
    if (!guildId) return true;
    return this.guildSwitches.get(name)?.get(guildId) ?? true;
  }

  get(name: string): ModuleDefinition<TCtx> | undefined {
    return this.modules.get(name)?.def;
  }

  definitions(): ModuleDefinition<TCtx>[] {
    return [...this.modules.values()].map((m) => m.def);
  }

  list(): ModuleState[] {
    return [...this.modules.values()].map((m) => this.state(m));
  }

  onChange(listener: (state: ModuleState) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private async toggle(name: string, enabled: boolean, opts: ToggleOptions): Promise<ModuleState> {
    const loaded = this.modules.get(name);
    if (!loaded) {
      const known = [...this.modules.keys()].join(', ');
      throw new ModuleError(`unknown module "${name}" (modules: ${known || 'none'})`);
    }
    const actor = opts.actor ?? 'system';
    const verb = enabled ? 'enable' : 'disable';
    if (!enabled && loaded.def.required && !opts.guildId) {
      throw new ModuleError(`module "${name}" is required and cannot be disabled`);
    }
    if (!enabled && loaded.def.required && opts.guildId) {
      throw new ModuleError(`module "${name}" is required and cannot be disabled in a guild`);
    }
    if (opts.guildId !== undefined && !/^\d{17,20}$/.test(opts.guildId)) {
      throw new ModuleError(`"${opts.guildId}" is not a guild id (17–20 digits)`);
    }
    this.store(name, opts.guildId ?? '', enabled, actor);
    if (opts.guildId) {
      this.switchesOf(name).set(opts.guildId, enabled);
    } else if (enabled) {
      await this.activate(loaded);
    } else {
      await this.deactivate(loaded);
    }
    const state = this.state(loaded);
    if (opts.audit !== false)
      this.deps.audit.record({
        actor,
        action: `module.${verb}`,
        target: opts.guildId ? `${name}@${opts.guildId}` : name,
        details: { status: state.status, ...(state.error ? { error: state.error } : {}) },
        outcome: state.status === 'failed' ? 'failed' : 'ok',
      });
    this.events.emit('change', state);
    return state;
  }

  private store(name: string, guildId: string, enabled: boolean, actor: string): void {
    const now = Date.now();
    this.deps.db.orm
      .insert(moduleState)
      .values({ module: name, guildId, enabled, updatedAt: now, updatedBy: actor })
      .onConflictDoUpdate({
        target: [moduleState.module, moduleState.guildId],
        set: { enabled, updatedAt: now, updatedBy: actor },
      })
      .run();
  }

  private async activate(loaded: Loaded<TCtx>): Promise<void> {
    if (loaded.status === 'enabled') return;
    const ctx = this.deps.context();
    const log = this.deps.log;
    try {
      for (const attach of this.attachers) {
        const undo = attach(loaded.def, ctx);
        if (undo) loaded.teardowns.push(undo);
      }
      const undo = await loaded.def.setup?.(ctx);
      if (undo) loaded.teardowns.push(undo);
      loaded.status = 'enabled';
      loaded.error = null;
      log.info(`module ${loaded.def.name} enabled`);
    } catch (err) {
      await this.runTeardowns(loaded);
      loaded.status = 'failed';
      loaded.error = err instanceof Error ? err.message : String(err);
      log.error({ err }, `module ${loaded.def.name} failed to load: ${loaded.error}`);
    }
  }

  private async deactivate(loaded: Loaded<TCtx>): Promise<void> {
    if (loaded.status === 'disabled') return;
    await this.runTeardowns(loaded);
    loaded.status = 'disabled';
    loaded.error = null;
    this.deps.log.info({ moduleName: loaded.def.name }, `module ${loaded.def.name} disabled`);
  }

  private async runTeardowns(loaded: Loaded<TCtx>): Promise<void> {
    for (const undo of loaded.teardowns.splice(0).reverse()) {
      try {
        await undo();
      } catch (err) {
        this.deps.log.error({ err, moduleName: loaded.def.name }, `module ${loaded.def.name}: teardown failed`);
      }
    }
  }

  private switchesOf(name: string): Map<string, boolean> {
    let switches = this.guildSwitches.get(name);
    if (!switches) {
      switches = new Map();
      this.guildSwitches.set(name, switches);
    }
    return switches;
  }

  private state(loaded: Loaded<TCtx>): ModuleState {
    const overrides = [...(this.guildSwitches.get(loaded.def.name) ?? new Map<string, boolean>()).entries()];
    return {
      name: loaded.def.name,
      description: loaded.def.description,
      status: loaded.status,
      required: loaded.def.required === true,
      version: loaded.def.version ?? null,
      source: loaded.def.source ?? 'built-in',
      error: loaded.error,
      guildOverrides: overrides.map(([guildId, enabled]) => ({ guildId, enabled })),
      commands: loaded.def.commands?.length ?? 0,
      events: loaded.def.events?.length ?? 0,
      jobs: Object.keys(loaded.def.jobs ?? {}).length,
    };
  }
}
