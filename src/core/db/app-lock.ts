/**
 * The appliance lock: `<db>.lock` holds the pid of the process that owns the database, so a second appliance (or a
 * restore) on the same file is refused. SQLite's own locks only serialise writes; they would let two appliances run
 * jobs twice. A lock whose process is gone is stale and is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import { DbError } from './db-error.ts';

export interface LockOwner {
  pid: number;
  host: string;
  /** Epoch ms when the owning process started. */
  processStartedAt: number;
  lockedAt: number;
}

export interface AppLock {
  readonly path: string;
  release(): void;
}

export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}

function thisProcessStartedAt(): number {
  return Math.round(Date.now() - process.uptime() * 1000);
}

function readLock(lockPath: string): LockOwner | 'unreadable' | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return 'unreadable';
  }
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.pid !== 'number') return 'unreadable';
    return {
      pid: v.pid,
      host: String(v.host ?? ''),
      processStartedAt: Number(v.processStartedAt ?? 0),
      lockedAt: Number(v.lockedAt ?? 0),
    };
  } catch {
    return 'unreadable';
  }
}

function isAlive(owner: LockOwner): boolean {
  // Another host (shared disk): its pids mean nothing here, so assume it is alive.
  if (owner.host && owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) {
    // Same pid: this process, or a previous life of it (containers reuse pid 1). Start times tell them apart.
    return Math.abs(owner.processStartedAt - thisProcessStartedAt()) < 2000;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding the lock of dbPath, if any (stale locks are ignored). */
export function readLockOwner(dbPath: string): LockOwner | undefined {
  const owner = readLock(lockPathFor(dbPath));
  if (owner === undefined || owner === 'unreadable') return undefined;
  return isAlive(owner) ? owner : undefined;
}

/** Takes the appliance lock of dbPath or throws DbError('in-use') naming the process that holds it. */
export function acquireAppLock(dbPath: string, purpose = 'the appliance'): AppLock {
  const lockPath = lockPathFor(dbPath);
  const me: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    processStartedAt: thisProcessStartedAt(),
    lockedAt: Date.now(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
      let released = false;
      return {
        path: lockPath,
        release() {
          if (released) return;
          released = true;
          const cur = readLock(lockPath);
          if (cur && cur !== 'unreadable' && cur.pid === me.pid && cur.lockedAt === me.lockedAt) {
            fs.rmSync(lockPath, { force: true });
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DbError('unwritable', `Cannot create the lock file ${lockPath}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    }
    const owner = readLock(lockPath);
    if (owner === 'unreadable') {
      // Possibly being written this very moment: wait briefly before treating it as stale.
      const st = fs.statSync(lockPath, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs < 2000 && attempt < 2) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
    } else if (owner && isAlive(owner)) {
      throw new DbError(
        'in-use',
        `The database ${dbPath} is in use by another Tux process (pid ${owner.pid}${owner.host ? ` on ${owner.host}` : ''}). ` +
          `Stop it before starting ${purpose}, or point paths.data elsewhere.`,
      );
    }
    fs.rmSync(lockPath, { force: true });
  }
  throw new DbError('in-use', `Could not take the lock ${lockPath}; another process keeps recreating it. Try again.`);
}
