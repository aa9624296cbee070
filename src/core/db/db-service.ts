import fs from 'node:fs';
import type { Health, Service } from '#core/services/types.ts';
import type { Db } from './types.ts';

function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/**
 * The database as a service. The composition root opens (and migrates) it before anything else starts, so start() only
 * checks the connection; stop() closes it. A closed database cannot be restarted in-process: restart the appliance.
 */
export function createDbService(db: Db): Service {
  return {
    name: 'db',
    dependsOn: [],
    pinned:
      'every part of Tux runs on the database, and it stays open (and locked) for the life of the process; restart Tux to reopen it (tux start, or systemctl restart tux)',
    async start() {
      if (!db.sqlite.open) throw new Error(`The database ${db.path} is closed; restart Tux to reopen it.`);
      db.sqlite.prepare('SELECT 1').get();
    },
    async stop() {
      db.close();
    },
    health(): Health {
      if (!db.sqlite.open) return { status: 'stopped', detail: `${db.path} closed` };
      try {
        const pageCount = Number(db.sqlite.pragma('page_count', { simple: true }));
        const freePages = Number(db.sqlite.pragma('freelist_count', { simple: true }));
        return {
          status: 'ok',
          detail: db.path,
          metrics: {
            fileBytes: fileSize(db.path),
            walBytes: fileSize(`${db.path}-wal`),
            pageCount,
            freePages,
          },
        };
      } catch (err) {
        return { status: 'down', detail: `${db.path}: ${(err as Error).message}` };
      }
    },
  };
}
