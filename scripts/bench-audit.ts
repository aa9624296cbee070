/**
 * Cost of one audit row: the trail's record() (masking, keyed hash, head record written with fsync in the keys
 * folder) against a bare insert of the same row in its own transaction on the same kind of database file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createAuditTrail } from '#core/audit/index.ts';
import { openDb } from '#core/db/index.ts';

export interface AuditBench {
  rows: number;
  recordUs: number;
  bareInsertUs: number;
}

export async function benchAudit(opts: { rows?: number } = {}): Promise<AuditBench> {
  const rows = opts.rows ?? 2000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-bench-audit-'));
  try {
    const open = (name: string) =>
      openDb({ path: path.join(dir, name), backupsDir: path.join(dir, 'backups'), log: pino({ level: 'silent' }) });
    const db = await open('trail.db');
    const audit = createAuditTrail({ db, keysDir: path.join(dir, 'keys'), secrets: () => ['a-secret-value'] });
    const details = { address: '127.0.0.1:50000', session: 'abcd', kind: 'exec', command: 'services restart discord' };
    let t = performance.now();
    for (let i = 0; i < rows; i++) audit.record({ actor: 'ssh:SHA256:abc', action: 'bench', details, outcome: 'ok' });
    const recordUs = ((performance.now() - t) * 1000) / rows;
    db.close();

    const bare = await open('bare.db');
    const insert = bare.sqlite.prepare(
      `INSERT INTO audit_log (time, actor, action, target, details, outcome, prev_hash, hash) VALUES (?, ?, ?, NULL, ?, 'ok', ?, ?)`,
    );
    const text = JSON.stringify(details);
    t = performance.now();
    for (let i = 0; i < rows; i++) {
      bare.transaction(() => insert.run(Date.now(), 'ssh:SHA256:abc', 'bench', text, '0'.repeat(64), '0'.repeat(64)));
    }
    const bareInsertUs = ((performance.now() - t) * 1000) / rows;
    bare.close();
    return { rows, recordUs, bareInsertUs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
