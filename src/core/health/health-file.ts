/**
 * The appliance's heartbeat on disk: `<data>/health.json`, rewritten every 30 s with each service's state. `tux health`
 * (the container HEALTHCHECK) reads it with the lock file: the lock says which process owns the data, the file's age
 * says whether that process's event loop still runs, and the services say whether anything is down. It works with the
 * console switched off and needs no credentials.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HealthStatus } from '#core/services/types.ts';

export const HEALTH_FILE = 'health.json';
export const HEALTH_INTERVAL_MS = 30_000;
/** A report older than this means the process is alive but stuck (three missed writes). */
export const HEALTH_STALE_MS = 3 * HEALTH_INTERVAL_MS;

export interface HealthReport {
  pid: number;
  version: string;
  startedAt: number;
  writtenAt: number;
  services: { name: string; status: HealthStatus; detail: string }[];
}

export function healthFilePath(dataDir: string): string {
  return path.join(dataDir, HEALTH_FILE);
}

/** Writes the report atomically (temp + rename), so a reader never sees half a file. */
export function writeHealthReport(dataDir: string, report: HealthReport): void {
  const file = healthFilePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(report)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function readHealthReport(dataDir: string): HealthReport | null {
  try {
    const v = JSON.parse(fs.readFileSync(healthFilePath(dataDir), 'utf8')) as Partial<HealthReport>;
    if (typeof v.pid !== 'number' || typeof v.writtenAt !== 'number' || !Array.isArray(v.services)) return null;
    return v as HealthReport;
  } catch {
    return null;
  }
}

export interface HealthWriter {
  /** Writes a report now (also done on every tick). */
  write(): void;
  /** Stops writing and removes the file. */
  stop(): void;
}

/** Starts the heartbeat. Write errors are reported once through onError and retried on the next tick. */
export function startHealthWriter(opts: {
  dataDir: string;
  report: () => Omit<HealthReport, 'pid' | 'writtenAt'>;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}): HealthWriter {
  let failing = false;
  const write = (): void => {
    try {
      writeHealthReport(opts.dataDir, { pid: process.pid, writtenAt: Date.now(), ...opts.report() });
      failing = false;
    } catch (err) {
      if (!failing) opts.onError?.(err);
      failing = true;
    }
  };
  write();
  const timer = setInterval(write, opts.intervalMs ?? HEALTH_INTERVAL_MS);
  timer.unref();
  return {
    write,
    stop() {
      clearInterval(timer);
      const report = readHealthReport(opts.dataDir);
      if (report?.pid === process.pid) fs.rmSync(healthFilePath(opts.dataDir), { force: true });
    },
  };
}

export interface HealthVerdict {
  healthy: boolean;
  /** One line: what is wrong, or what is running. */
  reason: string;
}

/**
 * Judges a report. Healthy: the lock owner wrote a fresh report and no service is down. A stopped or starting
 * service (a bot with no token yet, a service an admin stopped) is named but not unhealthy: restarting the
 * container would not fix it.
 */
export function judgeHealth(input: {
  lockPid: number | null;
  report: HealthReport | null;
  now?: number;
  staleMs?: number;
}): HealthVerdict {
  const now = input.now ?? Date.now();
  const { lockPid, report } = input;
  if (lockPid === null) return { healthy: false, reason: 'not running: no Tux process holds the database' };
  if (!report || report.pid !== lockPid) {
    return { healthy: false, reason: `starting: pid ${lockPid} holds the database but has not reported yet` };
  }
  const age = now - report.writtenAt;
  if (age > (input.staleMs ?? HEALTH_STALE_MS)) {
    return {
      healthy: false,
      reason: `unresponsive: pid ${lockPid} last reported ${Math.round(age / 1000)} s ago`,
    };
  }
  const down = report.services.filter((s) => s.status === 'down');
  if (down.length > 0) {
    return {
      healthy: false,
      reason: `unhealthy: ${down.map((s) => `${s.name} down (${s.detail})`).join('; ')}`,
    };
  }
  const notes = report.services.filter((s) => s.status !== 'ok').map((s) => `${s.name} ${s.status} (${s.detail})`);
  const up = Math.round((now - report.startedAt) / 1000);
  return {
    healthy: true,
    reason: `healthy: pid ${lockPid}, Tux ${report.version}, up ${up} s${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
  };
}
