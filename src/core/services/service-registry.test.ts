import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ServiceRegistry } from './service-registry.ts';
import type { Health, Service } from './types.ts';

const silent = pino({ level: 'silent' });

function fakeService(
  name: string,
  journal: string[],
  opts: { dependsOn?: string[]; failStart?: boolean | (() => boolean); pinned?: string } = {},
) {
  let running = false;
  const service: Service = {
    name,
    ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}),
    ...(opts.pinned ? { pinned: opts.pinned } : {}),
    async start() {
      journal.push(`start ${name}`);
      const fail = typeof opts.failStart === 'function' ? opts.failStart() : opts.failStart;
      if (fail) throw new Error(`${name} cannot bind`);
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
    const reg = new ServiceRegistry(silent, { retry: false });
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

  it('retries a service that failed to start, says so, and then starts what waited for it', async () => {
    const journal: string[] = [];
    let portTaken = true;
    const reg = new ServiceRegistry(silent, { retry: { firstMs: 50, maxMs: 200 } });
    reg.register(fakeService('db', journal));
    reg.register(fakeService('ssh', journal, { dependsOn: ['db'], failStart: () => portTaken }));
    reg.register(fakeService('web', journal, { dependsOn: ['ssh'] }));
    await reg.startAll();
    const ssh = () => reg.list().find((s) => s.name === 'ssh');
    expect(ssh()?.health.status).toBe('down');
    expect(ssh()?.health.detail).toMatch(/^ssh cannot bind; retrying in \d+ s \(attempt 2\)$/);
    await expect.poll(() => journal.filter((j) => j === 'start ssh').length).toBeGreaterThanOrEqual(3);
    portTaken = false;
    await expect
      .poll(() => reg.list().map((s) => `${s.name}:${s.health.status}`))
      .toEqual(['db:ok', 'ssh:ok', 'web:ok']);
    // a service stopped on request is not retried
    await reg.stop('ssh');
    portTaken = true;
    await reg.start('ssh');
    await reg.stop('ssh');
    const starts = journal.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(journal.length).toBe(starts);
  });

  it('refuses to stop or restart a pinned service, or to stop what it depends on', async () => {
    const journal: string[] = [];
    const reg = new ServiceRegistry(silent);
    reg.register(fakeService('db', journal, { pinned: 'everything runs on it' }));
    reg.register(fakeService('scheduler', journal, { dependsOn: ['db'] }));
    reg.register(fakeService('modules', journal, { dependsOn: ['db', 'scheduler'] }));
    reg.register(fakeService('ssh', journal, { dependsOn: ['db'], pinned: 'the console runs on it' }));
    await reg.startAll();
    journal.length = 0;
    await expect(reg.restart('db')).rejects.toThrow('cannot restart db: everything runs on it');
    expect(() => reg.assertControllable('db', 'stop')).toThrow('cannot stop db');
    expect(() => reg.assertControllable('ssh', 'stop')).toThrow('cannot stop ssh: the console runs on it');
    expect(() => reg.assertControllable('scheduler', 'stop')).not.toThrow();
    expect(journal).toEqual([]);
    await reg.restart('scheduler');
    expect(journal).toEqual(['stop modules', 'stop scheduler', 'start scheduler', 'start modules']);
    expect(reg.list().every((s) => s.health.status === 'ok')).toBe(true);
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
