import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { AUDIT_HEAD_FILE, AUDIT_KEY_FILE } from './audit-anchor.ts';
import { createAuditTrail, GENESIS_HASH, hashAuditRow, SECRETS_FOUND_ACTION } from './audit-trail.ts';
import { canonicalJson } from './canonical-json.ts';

let temps: TempDb[] = [];
afterEach(() => {
  for (const t of temps) t.cleanup();
  temps = [];
});

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456';

async function setup(secrets: string[] = []) {
  const t = await openTempDb();
  temps.push(t);
  const keysDir = path.join(t.dir, 'keys');
  let clock = 1_700_000_000_000;
  const audit = createAuditTrail({ db: t.db, keysDir, now: () => clock++, secrets: () => secrets });
  return { t, audit, keysDir };
}

function seed(audit: ReturnType<typeof createAuditTrail>, n: number) {
  for (let i = 1; i <= n; i++)
    audit.record({ actor: 'cli:root', action: 'config.set', target: `t${i}`, outcome: 'ok' });
}

interface RawRow {
  id: number;
  time: number;
  actor: string;
  action: string;
  target: string | null;
  details: string;
  outcome: string;
  prevHash: string;
  hash: string;
}

/** What someone with write access to the database file alone can do: rewrite rows and recompute every hash. */
function rewriteChain(t: TempDb, edit: (r: RawRow) => void, key: Buffer | null = null, from = 1) {
  t.db.sqlite.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  const rows = t.db.sqlite
    .prepare(
      'SELECT id, time, actor, action, target, details, outcome, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
    )
    .all() as RawRow[];
  let prev = GENESIS_HASH;
  const update = t.db.sqlite.prepare(
    'UPDATE audit_log SET actor = ?, outcome = ?, prev_hash = ?, hash = ? WHERE id = ?',
  );
  for (const r of rows) {
    if (r.id < from) {
      prev = r.hash;
      continue;
    }
    edit(r);
    const hash = hashAuditRow(prev, { ...r, details: JSON.parse(r.details) as Record<string, unknown> }, key);
    update.run(r.actor, r.outcome, prev, hash, r.id);
    prev = hash;
  }
}

/** Rows as an older Tux wrote them: plain sha256, no key. */
function insertLegacyRows(
  t: TempDb,
  rows: { actor: string; action: string; target: string | null; details: object }[],
) {
  let prev = GENESIS_HASH;
  const insert = t.db.sqlite.prepare(
    'INSERT INTO audit_log (id, time, actor, action, target, details, outcome, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  rows.forEach((r, i) => {
    const fields = {
      id: i + 1,
      time: 1_600_000_000_000 + i,
      ...r,
      details: r.details as Record<string, unknown>,
      outcome: 'ok',
    };
    const hash = hashAuditRow(prev, fields);
    insert.run(fields.id, fields.time, r.actor, r.action, r.target, canonicalJson(r.details), 'ok', prev, hash);
    prev = hash;
  });
}

describe('audit chain anchored outside the database', () => {
  it('keeps the key and the head record in the keys folder, 0600', async () => {
    const { audit, keysDir } = await setup();
    seed(audit, 3);
    const last = audit.query({ limit: 1 })[0]!;
    expect(fs.statSync(path.join(keysDir, AUDIT_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(keysDir, AUDIT_HEAD_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(keysDir, AUDIT_HEAD_FILE), 'utf8'))).toEqual({
      id: 3,
      hash: last.hash,
    });
    expect(audit.verify()).toMatchObject({ ok: true, rows: 3, keyedRows: 3, anchored: true, head: { id: 3 } });
  });

  it('detects rows edited and rehashed by someone without the key', async () => {
    const { t, audit } = await setup();
    seed(audit, 5);
    // Rows 1 and 2 keep their keyed hashes; from row 3 on the chain is rehashed without the key.
    rewriteChain(
      t,
      (r) => {
        if (r.id === 3) r.outcome = 'denied';
      },
      null,
      3,
    );
    expect(audit.verify()).toMatchObject({
      ok: false,
      firstBroken: { id: 3, reason: expect.stringMatching(/without the audit key/) },
    });
    // The whole chain rehashed without the key looks like rows from before the key, but its end is not the head.
    rewriteChain(t, (r) => {
      r.outcome = 'ok';
    });
    expect(audit.verify()).toMatchObject({ ok: false, firstBroken: { id: 5, reason: /does not match the head/ } });
    // A guessed key is no better.
    rewriteChain(t, () => {}, Buffer.alloc(32, 7));
    expect(audit.verify().ok).toBe(false);
  });

  it('detects rows cut off the end even when sqlite_sequence is fixed up', async () => {
    const { t, audit } = await setup();
    seed(audit, 6);
    t.db.sqlite.exec(`
      DROP TRIGGER audit_log_no_delete;
      DELETE FROM audit_log WHERE id > 4;
      UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit_log';`);
    expect(audit.verify()).toMatchObject({
      ok: false,
      firstBroken: { id: 5, reason: expect.stringMatching(/rows 5\.\.6 at the end .*head record names row 6/) },
    });
  });

  it('detects a replaced end and a missing head record', async () => {
    const { t, audit, keysDir } = await setup();
    seed(audit, 3);
    // The last row replaced by an older copy of the chain end: everything links up, but not to the head.
    t.db.sqlite.exec(`
      DROP TRIGGER audit_log_no_delete;
      DELETE FROM audit_log WHERE id = 3;
      UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_log';`);
    const head = fs.readFileSync(path.join(keysDir, AUDIT_HEAD_FILE), 'utf8');
    fs.writeFileSync(path.join(keysDir, AUDIT_HEAD_FILE), head.replace('"id":3', '"id":2'));
    expect(audit.verify()).toMatchObject({ ok: false, firstBroken: { id: 2, reason: /does not match the head/ } });
    fs.rmSync(path.join(keysDir, AUDIT_HEAD_FILE));
    expect(audit.verify()).toMatchObject({ ok: false, firstBroken: { reason: /head record .* is missing/ } });
  });

  it('pins rows written before the key existed, and refuses unkeyed rows after keyed ones', async () => {
    const { t, audit } = await setup();
    insertLegacyRows(t, [
      { actor: 'cli:root', action: 'config.set', target: 'bot.prefix', details: {} },
      { actor: 'cli:root', action: 'keys.add', target: null, details: { role: 'admin' } },
    ]);
    t.db.sqlite.exec(`UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_log'`);
    expect(audit.verify()).toMatchObject({ ok: true, rows: 2, keyedRows: 0, anchored: false });
    seed(audit, 2);
    expect(audit.verify()).toMatchObject({ ok: true, rows: 4, keyedRows: 2, anchored: true });
    // Rewriting the old rows (with their plain hashes recomputed) breaks the link to the first keyed row.
    const tampered = await setup();
    insertLegacyRows(tampered.t, [{ actor: 'cli:root', action: 'keys.add', target: null, details: {} }]);
    seed(tampered.audit, 1);
    rewriteChain(tampered.t, (r) => {
      if (r.id === 1) r.actor = 'cli:someone-else';
    });
    expect(tampered.audit.verify()).toMatchObject({ ok: false, firstBroken: { id: 2 } });
  });
});

describe('secrets in audit rows', () => {
  it('masks secrets in every field, whatever the key name', async () => {
    const { audit, t } = await setup([TOKEN]);
    audit.record({
      actor: 'ssh:SHA256:abc',
      action: 'ssh.session.start',
      target: `exec config set bot.token ${TOKEN}`,
      details: { command: 'config set bot.token NewT0ken.value', argv: ['--token', 'hunter22'], note: `x ${TOKEN} y` },
      outcome: 'ok',
    });
    const stored = t.db.sqlite.prepare('SELECT target, details FROM audit_log').get() as {
      target: string;
      details: string;
    };
    const all = JSON.stringify(stored);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('NewT0ken');
    expect(stored.target).toBe('exec config set bot.token ********');
    expect(JSON.parse(stored.details)).toMatchObject({
      command: 'config set bot.token ********',
      note: 'x ******** y',
    });
    expect(audit.verify().ok).toBe(true);
  });

  it('masks rows written before, reports them once, and keeps the chain valid', async () => {
    const { audit, t } = await setup([TOKEN]);
    insertLegacyRows(t, [
      {
        actor: 'ssh:SHA256:v',
        action: 'ssh.session.start',
        target: null,
        details: { command: `config set bot.token ${TOKEN}` },
      },
      { actor: 'ssh:SHA256:v', action: 'ssh.session.end', target: null, details: {} },
    ]);
    t.db.sqlite.exec(`UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_log'`);
    expect(JSON.stringify(audit.query())).not.toContain(TOKEN);
    // A text search cannot tell the secret character by character.
    expect(audit.query({ text: TOKEN.slice(0, 12) })).toEqual([]);
    expect(audit.recheckStoredSecrets()).toEqual({ checked: 2, found: [1] });
    const report = audit.query({ action: SECRETS_FOUND_ACTION });
    expect(report).toHaveLength(1);
    expect(report[0]?.details).toMatchObject({ rows: [1], count: 1, through: 2 });
    expect(audit.recheckStoredSecrets().found).toEqual([]);
    expect(audit.query({ action: SECRETS_FOUND_ACTION })).toHaveLength(1);
    expect(audit.verify()).toMatchObject({ ok: true, rows: 3 });
  });

  it('masks a long hostile string in linear time', async () => {
    const { audit } = await setup();
    const started = performance.now();
    audit.record({
      actor: 'x',
      action: 'y',
      target: 'token'.repeat(3000),
      details: { s: 'a.'.repeat(8000) },
      outcome: 'ok',
    });
    // Generous: quadratic masking took seconds on this input.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
