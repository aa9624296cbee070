/**
 * Starts services in dependency order and stops them in reverse. A service that fails to start is marked down
 * with its error; services that depend on it are not started, and everything else keeps running.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../log/types.ts';
import type { Health, Service, ServiceState } from './types.ts';

interface Entry {
  service: Service;
  running: boolean;
  error: string | null;
  startedAt: number | null;
  /** Set while a start/stop is in flight, so overlapping requests queue behind it. */
  pending: Promise<void> | null;
}

export class ServiceRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly events = new EventEmitter();

  constructor(private readonly log: Logger) {
    this.events.setMaxListeners(0);
  }

  register(service: Service): void {
    if (this.entries.has(service.name)) throw new Error(`service "${service.name}" is already registered`);
    this.entries.set(service.name, { service, running: false, error: null, startedAt: null, pending: null });
  }

  get(name: string): Service | undefined {
    return this.entries.get(name)?.service;
  }

  /** Names in an order where every service comes after its dependencies. Throws on a cycle or unknown name. */
  startOrder(): string[] {
    const order: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, from: string | null): void => {
      const entry = this.entries.get(name);
      if (!entry) throw new Error(`service "${from}" depends on unknown service "${name}"`);
      const seen = state.get(name);
      if (seen === 'done') return;
      if (seen === 'visiting') throw new Error(`services have a dependency cycle through "${name}"`);
      state.set(name, 'visiting');
      for (const dep of entry.service.dependsOn ?? []) visit(dep, name);
      state.set(name, 'done');
      order.push(name);
    };
    for (const name of this.entries.keys()) visit(name, null);
    return order;
  }

  async startAll(): Promise<void> {
    for (const name of this.startOrder()) await this.start(name);
  }

  async stopAll(): Promise<void> {
    for (const name of this.startOrder().reverse()) await this.stop(name);
  }

  async start(name: string): Promise<ServiceState> {
    const entry = this.require(name);
    await this.serialise(entry, async () => {
      if (entry.running) return;
      const down = (entry.service.dependsOn ?? []).filter((dep) => !this.entries.get(dep)?.running);
      if (down.length > 0) {
        entry.error = `not started: ${down.map((d) => `"${d}"`).join(', ')} ${down.length === 1 ? 'is' : 'are'} not running`;
        this.log.warn({ service: name, dependencies: down }, entry.error);
        return;
      }
      try {
        await entry.service.start();
        entry.running = true;
        entry.error = null;
        entry.startedAt = Date.now();
        this.log.info({ service: name }, `service ${name} started`);
      } catch (err) {
        entry.running = false;
        entry.error = err instanceof Error ? err.message : String(err);
        this.log.error({ service: name, err }, `service ${name} failed to start: ${entry.error}`);
        // Release whatever a half-started service holds; its own stop must tolerate that.
        await entry.service.stop().catch(() => undefined);
      }
    });
    return this.state(entry);
  }

  async stop(name: string): Promise<ServiceState> {
    const entry = this.require(name);
    await this.serialise(entry, async () => {
      if (!entry.running) return;
      // Dependents go first so nothing runs on top of a stopped dependency.
      for (const other of this.entries.values()) {
        if (other.running && other.service.dependsOn?.includes(name)) await this.stop(other.service.name);
      }
      try {
        await entry.service.stop();
        this.log.info({ service: name }, `service ${name} stopped`);
      } catch (err) {
        entry.error = err instanceof Error ? err.message : String(err);
        this.log.error({ service: name, err }, `service ${name} failed to stop cleanly: ${entry.error}`);
      } finally {
        entry.running = false;
        entry.startedAt = null;
      }
    });
    return this.state(entry);
  }

  /** Stops and starts one service, then restarts the dependents that stop() took down with it. */
  async restart(name: string): Promise<ServiceState> {
    const entry = this.require(name);
    const dependents = [...this.entries.values()].filter(
      (e) => e.running && this.dependsTransitively(e.service.name, name),
    );
    await this.stop(name);
    const state = await this.start(name);
    for (const dep of this.startOrder()) {
      if (dependents.some((e) => e.service.name === dep)) await this.start(dep);
    }
    return state ?? this.state(entry);
  }

  list(): ServiceState[] {
    return this.startOrder().map((name) => this.state(this.require(name)));
  }

  onChange(listener: (state: ServiceState) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private dependsTransitively(name: string, on: string): boolean {
    const deps = this.entries.get(name)?.service.dependsOn ?? [];
    return deps.includes(on) || deps.some((d) => this.dependsTransitively(d, on));
  }

  private async serialise(entry: Entry, fn: () => Promise<void>): Promise<void> {
    while (entry.pending) await entry.pending.catch(() => undefined);
    const run = fn();
    entry.pending = run;
    try {
      await run;
    } finally {
      entry.pending = null;
      this.events.emit('change', this.state(entry));
    }
  }

  private state(entry: Entry): ServiceState {
    return {
      name: entry.service.name,
      dependsOn: [...(entry.service.dependsOn ?? [])],
      health: this.health(entry),
      error: entry.error,
      startedAt: entry.startedAt,
    };
  }

  private health(entry: Entry): Health {
    if (entry.pending && !entry.running) return { status: 'starting', detail: 'starting' };
    if (!entry.running) {
      return entry.error ? { status: 'down', detail: entry.error } : { status: 'stopped', detail: 'stopped' };
    }
    try {
      return entry.service.health();
    } catch (err) {
      return { status: 'degraded', detail: `health check failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private require(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) {
      const known = [...this.entries.keys()].join(', ');
      throw new Error(`unknown service "${name}" (known: ${known || 'none'})`);
    }
    return entry;
  }
}
