import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditTrail } from '#core/audit/index.ts';
import { openDb } from '#core/db/index.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { type CliKit, createCliKit } from './cli-test-kit.ts';

let kit: CliKit;
afterEach(() => kit?.cleanup());

async function seeded(k: CliKit) {
  const db = await openDb({
    path: k.dbPath,
    backupsDir: path.join(k.dataDir, 'backups'),
    log: pino({ level: 'silent' }),
  });
  const audit = createAuditTrail({ db, keysDir: path.join(k.dir, 'keys') });
  audit.record({ actor: 'ssh:SHA256:abc', action: 'ssh.auth', outcome: 'denied', details: { ip: '10.0.0.1' } });
  audit.record({ actor: 'cli:root', action: 'config.set', target: 'bot.prefix', outcome: 'ok' });
  audit.record({ actor: 'ssh:SHA256:abc', action: 'ssh.session', target: '\x1b]52;c;evil\x07name', outcome: 'ok' });
  return db;
}

describe('tux audit', () => {
  it('explains a missing database', async () => {
    kit = createCliKit(registerAuditCommands);
    const r = await kit.run('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`no database at ${kit.dbPath}`);
  });

  it('verify prints ok, or the first broken row with exit code 1', async () => {
    kit = createCliKit(registerAuditCommands);
    const db = await seeded(kit);
    let r = await kit.run('audit', 'verify');
    expect(r).toMatchObject({ code: 0, out: 'ok: 3 rows, 3 keyed; the end matches the head record (row 3)\n' });
    db.sqlite.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET outcome = 'ok' WHERE id = 1;`);
    db.close();
    r = await kit.run('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^broken at row 1: .*edited/);
    expect(JSON.parse((await kit.run('audit', 'verify', '--json')).out)).toMatchObject({
      ok: false,
      firstBroken: { id: 1 },
    });
  });

  it('list filters by action prefix, limits, prints JSON and strips control sequences', async () => {
    kit = createCliKit(registerAuditCommands);
    (await seeded(kit)).close();
    let r = await kit.run('audit', 'list');
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^#3 \d{4}-\d\d-\d\dT.*Z ok\s+ssh:SHA256:abc ssh.session namec?/);
    expect(r.out).not.toContain('\x1b');
    r = await kit.run('audit', 'list', '--action', 'ssh.', '--limit', '1');
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toContain('ssh.session');
    const rows = JSON.parse((await kit.run('audit', 'list', '--action', 'ssh.auth', '--json')).out);
    expect(rows).toEqual([expect.objectContaining({ id: 1, outcome: 'denied', details: { ip: '10.0.0.1' } })]);
    expect((await kit.run('audit', 'list', '--action', 'nope.')).out).toBe('(no audit rows match)\n');
    r = await kit.run('audit', 'list', '--limit', 'zero');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/whole number/);
  });

  it('verify notices rows cut off the end with sqlite_sequence fixed up', async () => {
    kit = createCliKit(registerAuditCommands);
    const db = await seeded(kit);
    db.sqlite.exec(`
      DROP TRIGGER audit_log_no_delete;
      DELETE FROM audit_log WHERE id = 3;
      UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_log';`);
    db.close();
    const r = await kit.run('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^broken at row 3: rows 3\.\.3 at the end of the trail are missing \(the head record names row 3\)/,
    );
  });
});
