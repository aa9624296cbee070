import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditTrail } from '../audit/audit-trail.ts';
import { openTempDb, type TempDb } from '../db/temp-db.ts';
import { ModuleManager } from './module-manager.ts';
import type { ModuleDefinition } from './types.ts';

interface Ctx {
  journal: string[];
}

let temps: TempDb[] = [];
afterEach(() => {
  for (const t of temps) t.cleanup();
  temps = [];
});

async function setup(t?: TempDb) {
  const temp = t ?? (await openTempDb());
  if (!t) temps.push(temp);
  const ctx: Ctx = { journal: [] };
  const audit = createAuditTrail({ db: temp.db, keysDir: path.join(temp.dir, 'keys') });
  const manager = new ModuleManager<Ctx>({ db: temp.db, log: pino({ level: 'silent' }), audit, context: () => ctx });
  // Stands in for the Discord runtime: records what it attaches and detaches.
  manager.addAttacher((mod, c) => {
    if (!mod.commands?.length) return undefined;
    c.journal.push(`attach ${mod.name} commands`);
    return () => {
      c.journal.push(`detach ${mod.name} commands`);
    };
  });
  return { temp, ctx, audit, manager };
}

function mod(name: string, extra: Partial<ModuleDefinition<Ctx>> = {}): ModuleDefinition<Ctx> {
  return {
    name,
    description: `${name} module`,
    commands: ['cmd'],
    setup(ctx) {
      ctx.journal.push(`setup ${name}`);
      return () => {
        ctx.journal.push(`teardown ${name}`);
      };
    },
    ...extra,
  };
}

describe('ModuleManager', () => {
  it('loads enabled modules and detaches everything on disable, in reverse order', async () => {
    const { ctx, manager } = await setup();
    manager.register(mod('levels'));
    await manager.loadAll();
    expect(ctx.journal).toEqual(['attach levels commands', 'setup levels']);
    expect(manager.isEnabled('levels')).toBe(true);
    ctx.journal.length = 0;
    await manager.disable('levels', { actor: 'cli:test' });
    expect(ctx.journal).toEqual(['teardown levels', 'detach levels commands']);
    expect(manager.isEnabled('levels')).toBe(false);
    expect(manager.list()[0]?.status).toBe('disabled');
  });

  it('isolates a module whose setup throws: marked failed, its attachments undone, others run', async () => {
    const { ctx, manager } = await setup();
    manager.register(
      mod('broken', {
        setup() {
          throw new Error('needs a channel id');
        },
      }),
    );
    manager.register(mod('afk'));
    await manager.loadAll();
    const states = Object.fromEntries(manager.list().map((s) => [s.name, s]));
    expect(states.broken).toMatchObject({ status: 'failed', error: 'needs a channel id' });
    expect(states.afk?.status).toBe('enabled');
    expect(ctx.journal).toEqual([
      'attach broken commands',
      'detach broken commands',
      'attach afk commands',
      'setup afk',
    ]);
    expect(manager.isEnabled('broken')).toBe(false);
  });

  it('persists global and per-guild switches across a restart, and audits each change', async () => {
    const first = await setup();
    first.manager.register(mod('starboard'));
    first.manager.register(mod('snippets'));
    await first.manager.loadAll();
    await first.manager.disable('snippets', { actor: 'ssh:SHA256:abc' });
    await first.manager.disable('starboard', { guildId: '123456789012345678', actor: 'ssh:SHA256:abc' });
    expect(first.manager.isEnabled('starboard', '123456789012345678')).toBe(false);
    expect(first.manager.isEnabled('starboard', '999999999999999999')).toBe(true);
    const rows = first.audit.query({ action: 'module.' });
    expect(rows.map((r) => `${r.action} ${r.target} ${r.actor}`)).toEqual([
      'module.disable starboard@123456789012345678 ssh:SHA256:abc',
      'module.disable snippets ssh:SHA256:abc',
    ]);
    await first.manager.unloadAll();

    const second = await setup(first.temp);
    second.manager.register(mod('starboard'));
    second.manager.register(mod('snippets'));
    await second.manager.loadAll();
    expect(second.manager.isEnabled('snippets')).toBe(false);
    expect(second.manager.isEnabled('starboard')).toBe(true);
    expect(second.manager.isEnabled('starboard', '123456789012345678')).toBe(false);
    expect(second.ctx.journal).toEqual(['attach starboard commands', 'setup starboard']);
  });

  it('refuses unknown modules, bad guild ids and disabling a required module, changing nothing', async () => {
    const { manager, audit } = await setup();
    manager.register(mod('core', { required: true }));
    await manager.loadAll();
    await expect(manager.disable('nope')).rejects.toThrow('unknown module "nope" (modules: core)');
    await expect(manager.disable('core')).rejects.toThrow('required');
    await expect(manager.enable('core', { guildId: 'abc' })).rejects.toThrow('not a guild id');
    expect(manager.isEnabled('core')).toBe(true);
    expect(audit.query({ action: 'module.' })).toEqual([]);
    expect(() => manager.register(mod('core'))).toThrow('registered twice');
  });
});
