import fs from 'node:fs';
import { readLockOwner } from './app-lock.ts';
import type { OpenedDb } from './open-db.ts';

export interface DbStatus {
  file: string;
  bytes: number;
  walBytes: number;
  pageCount: number;
  /** Newest applied migration, null for an empty database. */
  version: string | null;
  applied: string[];
  pending: string[];
  /** Migrations applied by a newer Tux that this one does not know. */
  unknown: number;
  /** "ok" or the problems PRAGMA quick_check found. */
  quickCheck: string;
  /** Pid of the running appliance that holds the lock, if any. */
  runningPid: number | null;
}

function size(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/** What `tux db status` shows; read-only. */
export function describeDb(db: OpenedDb): DbStatus {
  const quick = db.sqlite.pragma('quick_check(20)') as { quick_check: string }[];
  return {
    file: db.path,
    bytes: size(db.path),
    walBytes: size(`${db.path}-wal`),
    pageCount: Number(db.sqlite.pragma('page_count', { simple: true })),
    version: db.migrations.version,
    applied: db.migrations.applied.map((m) => m.tag),
    pending: db.migrations.pending.map((m) => m.tag),
    unknown: db.migrations.unknown.length,
    quickCheck: quick.map((r) => r.quick_check).join('; '),
    runningPid: readLockOwner(db.path)?.pid ?? null,
  };
}
