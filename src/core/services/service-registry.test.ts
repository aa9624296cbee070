import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ServiceRegistry } from './service-registry.ts';
import type { Health, Service } from './types.ts';

const silent = pino({ level: 'silent' });

function fakeService(name: string, journal: string[], opts: { dependsOn?: string[]; failStart?: boolean } = {}) {
  let running = false;
  const service: Service = {
    name,
    ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}),
    async start() {
      journal.push(`start ${name}`);
      if (opts.failStart) throw new Error(`${name} cannot bind`);
      running = true;
    },
    async stop() {
      if (running) journal.push(`stop ${name}`);
      running = false;
    },
    health(): Health {
      return { status: running ? 'ok' : 'stopped', detail: running ? 'running' : 'stopped' };
    },
  };
  return service;
}

describe('ServiceRegistry', () => {
  it('starts in dependency order and stops in reverse', async () => {
    const journal: string[] = [];
    const reg = new ServiceRegistry(silent);
    reg.register(fakeService('discord', journal, { dependsOn: ['db', 'scheduler'] }));
    reg.register(fakeService('scheduler', journal, { dependsOn: ['db'] }));
    reg.register(fakeService('db', journal));
    await reg.startAll();
    expect(journal).toEqual(['start db', 'start scheduler', 'start discord']);
    journal.length = 0;
    await reg.stopAll();
    expect(journal).toEqual(['stop discord', 'stop scheduler', 'stop db']);
  });

  it('marks a failing service down with its error and keeps the others running', async () => {
    const journal: string[] = [];
    const reg = new ServiceRegistry(silent);
    reg.register(fakeService('db', journal));
    reg.register(fakeService('ssh', journal, { dependsOn: ['db'], failStart: true }));
    reg.register(fakeService('web', journal, { dependsOn: ['ssh'] }));
    reg.register(fakeService('discord', journal, { dependsOn: ['db'] }));
    await reg.startAll();
    const states = Object.fromEntries(reg.list().map((s) => [s.name, s]));
    expect(states.db?.health.status).toBe('ok');
    expect(states.discord?.health.status).toBe('ok');
    expect(states.ssh?.health).toEqual({ status: 'down', detail: 'ssh cannot bind' });
    expect(states.web?.health.status).toBe('down');
    expect(states.web?.error).toContain('"ssh" is not running');
  });

  it('restarts one service together with its dependents and reports changes', async () => {
    const journal: string[] = [];
    const reg = new ServiceRegistry(silent);
    reg.register(fakeService('db', journal));
    reg.register(fakeService('scheduler', journal, { dependsOn: ['db'] }));
    reg.register(fakeService('ssh', journal));
    await reg.startAll();
    const changes: string[] = [];
    reg.onChange((s) => changes.push(`${s.name}:${s.health.status}`));
    journal.length = 0;
    await reg.restart('db');
    expect(journal).toEqual(['stop scheduler', 'stop db', 'start db', 'start scheduler']);
    expect(reg.list().every((s) => s.health.status === 'ok')).toBe(true);
    expect(changes).toContain('db:ok');
  });

  it('rejects unknown names, duplicates and cycles with clear messages', async () => {
    const journal: string[] = [];
    const reg = new ServiceRegistry(silent);
    reg.register(fakeService('a', journal, { dependsOn: ['b'] }));
    expect(() => reg.register(fakeService('a', journal))).toThrow('already registered');
    await expect(reg.restart('nope')).rejects.toThrow('unknown service "nope"');
    expect(() => reg.startOrder()).toThrow('depends on unknown service "b"');
    reg.register(fakeService('b', journal, { dependsOn: ['a'] }));
    expect(() => reg.startOrder()).toThrow('cycle');
  });
});
