import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** Size at which the file is rotated, in bytes. */
  maxBytes: number;
  /** Rotated generations kept next to the live file (file.1 newest ... file.N oldest). */
  count: number;
}

/**
 * An append-only log file that rotates by size: file -> file.1 -> ... -> file.N, dropping the oldest.
 * Writes are synchronous so the last lines before a crash reach the file; a log line is small, so this is cheap.
 */
export class RotatingFile {
  readonly file: string;
  private readonly opts: RotatingFileOptions;
  private fd: number;
  private size: number;
  private closed = false;

  constructor(file: string, opts: RotatingFileOptions) {
    this.file = file;
    this.opts = opts;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.fd = fs.openSync(file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  write(line: string): boolean {
    if (this.closed) return false;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.opts.maxBytes) this.rotate();
    fs.writeSync(this.fd, line);
    this.size += bytes;
    return true;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    for (let i = this.opts.count - 1; i >= 1; i--) {
      const from = `${this.file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${this.file}.${i + 1}`);
    }
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}
