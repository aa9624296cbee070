import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { createAuditTrail, GENESIS_HASH, MAX_DETAILS_BYTES } from './audit-trail.ts';

let temps: TempDb[] = [];
afterEach(() => {
  for (const t of temps) t.cleanup();
  temps = [];
});

async function setup() {
  const t = await openTempDb();
  temps.push(t);
  let clock = 1_700_000_000_000;
  const audit = createAuditTrail({ db: t.db, keysDir: path.join(t.dir, 'keys'), now: () => clock++ });
  return { t, audit };
}

function seed(audit: ReturnType<typeof createAuditTrail>, n: number) {
  for (let i = 1; i <= n; i++) {
    audit.record({
      actor: i % 2 ? 'ssh:SHA256:abc' : 'cli:root',
      action: i % 3 ? 'config.set' : 'ssh.auth',
      target: `t${i}`,
      details: { i, nested: { b: 2, a: 1 } },
      outcome: 'ok',
    });
  }
}

/** Tampering needs the append-only triggers gone, as an attacker with the file would do. */
function dropTriggers(t: TempDb) {
  t.db.sqlite.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('audit trail', () => {
  it('appends a hash chain that verifies', async () => {
    const { audit } = await setup();
    expect(audit.verify()).toMatchObject({ ok: true, rows: 0 });
    seed(audit, 5);
    const rows = audit.query();
    expect(rows.map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    expect(rows.at(-1)?.prevHash).toBe(GENESIS_HASH);
    expect(rows[0]?.prevHash).toBe(rows[1]?.hash);
    expect(rows[0]?.details).toEqual({ i: 5, nested: { a: 1, b: 2 } });
    expect(audit.verify()).toMatchObject({ ok: true, rows: 5 });
  });

  it('refuses UPDATE and DELETE through triggers', async () => {
    const { t, audit } = await setup();
    seed(audit, 2);
    expect(() => t.db.sqlite.exec(`UPDATE audit_log SET actor = 'x' WHERE id = 1`)).toThrow(/append-only/);
    expect(() => t.db.sqlite.exec('DELETE FROM audit_log WHERE id = 1')).toThrow(/append-only/);
    expect(audit.verify().ok).toBe(true);
  });

  it('reports an edited row', async () => {
    const { t, audit } = await setup();
    seed(audit, 6);
    dropTriggers(t);
    t.db.sqlite.exec(`UPDATE audit_log SET outcome = 'denied' WHERE id = 4`);
    expect(audit.verify()).toMatchObject({
      ok: false,
      firstBroken: { id: 4, reason: expect.stringMatching(/edited/) },
    });
  });

  it('reports an edit whose hash was recomputed at the next row', async () => {
    const { t, audit } = await setup();
    seed(audit, 4);
    dropTriggers(t);
    t.db.sqlite.exec(`UPDATE audit_log SET hash = '${'f'.repeat(64)}' WHERE id = 2`);
    // Row 2's own hash no longer matches its content either, so it is the first broken one.
    expect(audit.verify().firstBroken?.id).toBe(2);
  });

  it('detects a deleted row in the middle and at the end', async () => {
    const { t, audit } = await setup();
    seed(audit, 6);
    dropTriggers(t);
    t.db.sqlite.exec('DELETE FROM audit_log WHERE id = 3');
    expect(audit.verify()).toMatchObject({
      ok: false,
      firstBroken: { id: 4, reason: expect.stringMatching(/missing/) },
    });

    const other = await setup();
    seed(other.audit, 3);
    dropTriggers(other.t);
    other.t.db.sqlite.exec('DELETE FROM audit_log WHERE id = 3');
    expect(other.audit.verify()).toMatchObject({ ok: false, firstBroken: { id: 3 } });
    // New rows after a tail deletion do not paper over the gap.
    other.audit.record({ actor: 'system', action: 'x', outcome: 'ok' });
    expect(other.audit.verify()).toMatchObject({ ok: false, firstBroken: { id: 4 } });
  });

  it('detects reordered rows', async () => {
    const { t, audit } = await setup();
    seed(audit, 4);
    dropTriggers(t);
    // Swap the content of rows 2 and 3 (keeping each row's own hashes).
    t.db.sqlite.exec(`
      UPDATE audit_log SET id = -2 WHERE id = 2;
      UPDATE audit_log SET id = 2 WHERE id = 3;
      UPDATE audit_log SET id = 3 WHERE id = -2;`);
    expect(audit.verify()).toMatchObject({ ok: false, firstBroken: { id: 2 } });
  });

  it('filters queries newest first', async () => {
    const { audit } = await setup();
    seed(audit, 9);
    audit.record({ actor: 'system', action: 'service.restart', target: 'discord', outcome: 'failed' });
    expect(audit.query({ action: 'ssh.' }).map((r) => r.id)).toEqual([9, 6, 3]);
    expect(audit.query({ actor: 'cli:root', limit: 2 }).map((r) => r.id)).toEqual([8, 6]);
    expect(audit.query({ outcome: 'failed' }).map((r) => r.target)).toEqual(['discord']);
    expect(audit.query({ text: 'disc' })).toHaveLength(1);
    expect(audit.query({ text: '%' })).toHaveLength(0);
    const t3 = audit.query({ action: 'ssh.' }).at(-1)!.time;
    expect(audit.query({ since: t3, until: t3 }).map((r) => r.id)).toEqual([3]);
  });

  it('truncates oversized details, masks secrets and notifies listeners', async () => {
    const { audit } = await setup();
    const seen: number[] = [];
    const off = audit.onRecord((r) => seen.push(r.id));
    const big = audit.record({ actor: 'system', action: 'big', details: { blob: 'x'.repeat(20_000) }, outcome: 'ok' });
    expect(big.details).toMatchObject({ _truncated: true, originalBytes: expect.any(Number) });
    expect(JSON.stringify(big.details).length).toBeLessThan(MAX_DETAILS_BYTES);
    const secret = audit.record({
      actor: 'system',
      action: 'config.set',
      details: { token: 'abc.def' },
      outcome: 'ok',
    });
    expect(secret.details).toEqual({ token: '********' });
    off();
    audit.record({ actor: 'system', action: 'quiet', outcome: 'ok' });
    expect(seen).toEqual([1, 2]);
    expect(() => audit.record({ actor: 'system', action: 'x', outcome: 'maybe' as 'ok' })).toThrow(/outcome/);
    expect(audit.verify()).toMatchObject({ ok: true, rows: 3 });
  });

  it('keeps one valid chain with two processes writing at once', async () => {
    const { t, audit } = await setup();
    const fixture = fileURLToPath(new URL('./audit-writer.fixture.ts', import.meta.url));
    const run = (actor: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', fixture, t.file, actor, '100'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        child.stderr.on('data', (d) => {
          err += d;
        });
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`writer ${actor} exited ${code}: ${err}`)),
        );
      });
    // This connection writes too, interleaved with the two processes.
    const local = setInterval(() => audit.record({ actor: 'local', action: 'test.concurrent', outcome: 'ok' }), 2);
    try {
      await Promise.all([run('proc:a'), run('proc:b')]);
    } finally {
      clearInterval(local);
    }
    const result = audit.verify();
    expect(result.ok).toBe(true);
    expect(audit.query({ actor: 'proc:a', limit: 1000 })).toHaveLength(100);
    expect(audit.query({ actor: 'proc:b', limit: 1000 })).toHaveLength(100);
    expect(result.rows).toBeGreaterThanOrEqual(200);
  }, 60_000);
});
