// Appends audit rows from a separate process, to test that concurrent writers keep one valid chain.
// Usage: node --import tsx audit-writer.fixture.ts <db file> <actor> <count>
import path from 'node:path';
import { pino } from 'pino';
import { openDb } from '#core/db/open-db.ts';
import { createAuditTrail } from './audit-trail.ts';

const [file, actor, count] = process.argv.slice(2) as [string, string, string];
const db = await openDb({
  path: file,
  backupsDir: path.join(path.dirname(file), 'backups'),
  log: pino({ level: 'silent' }),
  migrate: false,
  busyTimeoutMs: 20_000,
});
const audit = createAuditTrail({ db, keysDir: path.join(path.dirname(file), 'keys') });
for (let i = 0; i < Number(count); i++) {
  audit.record({ actor, action: 'test.concurrent', target: String(i), details: { i }, outcome: 'ok' });
}
db.close();
