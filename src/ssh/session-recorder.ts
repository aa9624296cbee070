/**
 * Optional asciicast v2 recordings of console sessions (ssh.record_sessions), one file per session under
 * <data>/recordings, deleted after ssh.recording_retention_days. Only output is recorded: keystrokes may hold secrets.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SessionRecorder {
  readonly file: string;
  output(text: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

export function recordingsDir(dataDir: string): string {
  return path.join(dataDir, 'recordings');
}

export function startRecording(
  dataDir: string,
  meta: { sessionId: string; fingerprint: string; cols: number; rows: number; term: string; title: string },
): SessionRecorder {
  const dir = recordingsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const started = Date.now();
  const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${stamp}-${meta.sessionId}.cast`);
  const fd = fs.openSync(file, 'a', 0o600);
  const header = {
    version: 2,
    width: meta.cols,
    height: meta.rows,
    timestamp: Math.floor(started / 1000),
    env: { TERM: meta.term },
    title: meta.title,
    tux: { fingerprint: meta.fingerprint, session: meta.sessionId },
  };
  let open = true;
  const write = (line: string) => {
    if (!open) return;
    try {
      fs.writeSync(fd, `${line}\n`);
    } catch {
      open = false;
    }
  };
  write(JSON.stringify(header));
  const t = () => Number(((Date.now() - started) / 1000).toFixed(6));
  return {
    file,
    output: (text) => write(JSON.stringify([t(), 'o', text])),
    resize: (cols, rows) => write(JSON.stringify([t(), 'r', `${cols}x${rows}`])),
    close() {
      if (!open) return;
      open = false;
      fs.closeSync(fd);
    },
  };
}

/** Deletes recordings older than the retention; returns how many were removed. */
export function pruneRecordings(dataDir: string, retentionDays: number, now = Date.now()): number {
  const dir = recordingsDir(dataDir);
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.endsWith('.cast')) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > retentionDays * 86_400_000) {
        fs.unlinkSync(file);
        removed += 1;
      }
    } catch {}
  }
  return removed;
}
