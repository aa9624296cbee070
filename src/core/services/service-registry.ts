/**
 * Starts services in dependency order and stops them in reverse. A service that fails to start is marked down
 * with its error and retried with a growing delay (a port still taken, a network not up yet); services that depend
 * on it start once it is up, and everything else keeps running meanwhile.
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
  /** Whether it should be running: set by start, cleared by a stop. A wanted service that failed is retried. */
  wanted: boolean;
  retry: { timer: NodeJS.Timeout; at: number; attempt: number } | null;
  attempts: number;
}

export interface RetryPolicy {
  /** First delay before retrying a failed start; doubles each time. */
  firstMs: number;
  maxMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { firstMs: 2000, maxMs: 60_000 };

/** A request the registry refuses (a pinned service), with a message for the user. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
}

export class ServiceRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly events = new EventEmitter();

  private readonly retryPolicy: RetryPolicy | null;

  constructor(
    private readonly log: Logger,
    opts: { retry?: RetryPolicy | false } = {},
  ) {
    this.events.setMaxListeners(0);
    this.retryPolicy = opts.retry === false ? null : (opts.retry ?? DEFAULT_RETRY);
  }

  register(service: Service): void {
    if (this.entries.has(service.name)) throw new Error(`service "${service.name}" is already registered`);
    this.entries.set(service.name, {
      service,
      running: false,
      error: null,
      startedAt: null,
      pending: null,
      wanted: false,
      retry: null,
      attempts: 0,
    });
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
    entry.wanted = true;
    this.cancelRetry(entry);
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
        const after = entry.attempts > 0 ? ` after ${entry.attempts + 1} attempts` : '';
        entry.attempts = 0;
        this.log.info({ service: name }, `service ${name} started${after}`);
      } catch (err) {
        entry.running = false;
        entry.error = err instanceof Error ? err.message : String(err);
        // Release whatever a half-started service holds; its own stop must tolerate that.
        await entry.service.stop().catch(() => undefined);
        const delay = this.scheduleRetry(entry);
        const retrying = delay === null ? '' : `; retrying in ${Math.round(delay / 1000)} s`;
        this.log.error({ service: name, err }, `service ${name} failed to start: ${entry.error}${retrying}`);
      }
    });
    return this.state(entry);
  }

  /** After a failed start, tries again later with a doubling delay, as long as nobody stopped it meanwhile. */
  private scheduleRetry(entry: Entry): number | null {
    if (!this.retryPolicy || !entry.wanted) return null;
    const delay = Math.min(this.retryPolicy.maxMs, this.retryPolicy.firstMs * 2 ** entry.attempts);
    entry.attempts += 1;
    const timer = setTimeout(() => {
      entry.retry = null;
      if (!entry.wanted || entry.running) return;
      void this.retryStart(entry);
    }, delay);
    timer.unref();
    entry.retry = { timer, at: Date.now() + delay, attempt: entry.attempts };
    return delay;
  }

  private async retryStart(entry: Entry): Promise<void> {
    const name = entry.service.name;
    await this.serialise(entry, async () => {
      if (entry.running || !entry.wanted) return;
      const down = (entry.service.dependsOn ?? []).filter((dep) => !this.entries.get(dep)?.running);
      if (down.length > 0) return;
      try {
        await entry.service.start();
        entry.running = true;
        entry.error = null;
        entry.startedAt = Date.now();
        this.log.info({ service: name }, `service ${name} started after ${entry.attempts + 1} attempts`);
        entry.attempts = 0;
      } catch (err) {
        entry.error = err instanceof Error ? err.message : String(err);
        await entry.service.stop().catch(() => undefined);
        const delay = this.scheduleRetry(entry);
        const retrying = delay === null ? '' : `; retrying in ${Math.round(delay / 1000)} s`;
        this.log.warn({ service: name }, `service ${name} still failing: ${entry.error}${retrying}`);
      }
    });
    // What waited for it can start now, in dependency order.
    if (entry.running) {
      for (const other of this.startOrder()) {
        const e = this.entries.get(other);
        if (e?.wanted && !e.running && !e.retry && this.dependsTransitively(other, name)) await this.start(other);
      }
    }
  }

  private cancelRetry(entry: Entry): void {
    if (entry.retry) clearTimeout(entry.retry.timer);
    entry.retry = null;
  }

  async stop(name: string): Promise<ServiceState> {
    const entry = this.require(name);
    entry.wanted = false;
    this.cancelRetry(entry);
    entry.attempts = 0;
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

  /**
   * Throws a ServiceError when stopping or restarting `name` on request would take down a pinned service: the
   * service itself, or (for a stop) anything that depends on it.
   */
  assertControllable(name: string, verb: 'stop' | 'restart'): void {
    const entry = this.require(name);
    if (entry.service.pinned) throw new ServiceError(`cannot ${verb} ${name}: ${entry.service.pinned}`);
    if (verb === 'stop') {
      const pinned = [...this.entries.values()].find(
        (e) => e.service.pinned && this.dependsTransitively(e.service.name, name),
      );
      if (pinned) {
        throw new ServiceError(
          `cannot stop ${name}: ${pinned.service.name} depends on it, and ${pinned.service.pinned}`,
        );
      }
    }
  }

  /**
   * Stops and starts one service, then restarts the dependents that stop() took down with it, in dependency order.
   * Refused for a pinned service (see assertControllable).
   */
  async restart(name: string): Promise<ServiceState> {
    this.assertControllable(name, 'restart');
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
      pinned: entry.service.pinned ?? null,
    };
  }

  private health(entry: Entry): Health {
    if (entry.pending && !entry.running) return { status: 'starting', detail: 'starting' };
    if (!entry.running) {
      if (!entry.error) return { status: 'stopped', detail: 'stopped' };
      if (!entry.retry) return { status: 'down', detail: entry.error };
      const secs = Math.max(0, Math.round((entry.retry.at - Date.now()) / 1000));
      return { status: 'down', detail: `${entry.error}; retrying in ${secs} s (attempt ${entry.retry.attempt + 1})` };
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
