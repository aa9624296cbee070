/**
 * What ties the audit trail to something outside the database file: a secret key for the rows' HMAC, and a head
 * record (id and hash of the newest row) kept next to it in the keys folder. Someone who can write the database
 * but not the keys folder can then neither recompute the hashes of edited rows nor cut rows off the end unnoticed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const AUDIT_KEY_FILE = 'audit_hmac_key';
export const AUDIT_HEAD_FILE = 'audit_head.json';

export interface AuditHead {
  id: number;
  hash: string;
}

export type HeadRead = { state: 'ok'; head: AuditHead } | { state: 'missing' } | { state: 'unreadable'; error: string };

export type KeyRead = { state: 'ok'; key: Buffer } | { state: 'missing' } | { state: 'unreadable'; error: string };

export interface AuditAnchor {
  readonly keyFile: string;
  readonly headFile: string;
  readKey(): KeyRead;
  /** The key, created (0600, 32 random bytes) on first use. `onCreate` runs once, right after creating it. */
  ensureKey(onCreate: (key: Buffer) => void): Buffer;
  readHead(): HeadRead;
  /** Moves the head forward; an older head (another process got there first) is left as it is. */
  advanceHead(head: AuditHead): void;
  /** Replaces the head whatever it was (after a restore, when the database really is another one). */
  resetHead(head: AuditHead): void;
}

function errText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message;
}

/** Writes a 0600 file by temp + fsync + rename, so a reader sees the old or the new content, never a mix. */
function writePrivate(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fchmodSync(fd, 0o600);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}

export function createAuditAnchor(keysDir: string): AuditAnchor {
  const keyFile = path.join(keysDir, AUDIT_KEY_FILE);
  const headFile = path.join(keysDir, AUDIT_HEAD_FILE);

  const readKey = (): KeyRead => {
    let text: string;
    try {
      text = fs.readFileSync(keyFile, 'utf8').trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
      return { state: 'unreadable', error: errText(err) };
    }
    if (!/^[0-9a-f]{64}$/.test(text)) return { state: 'unreadable', error: 'not 64 hex digits' };
    return { state: 'ok', key: Buffer.from(text, 'hex') };
  };

  const readHead = (): HeadRead => {
    let text: string;
    try {
      text = fs.readFileSync(headFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
      return { state: 'unreadable', error: errText(err) };
    }
    try {
      const v = JSON.parse(text) as Partial<AuditHead>;
      if (Number.isInteger(v.id) && (v.id as number) >= 0 && typeof v.hash === 'string') {
        return { state: 'ok', head: { id: v.id as number, hash: v.hash } };
      }
    } catch {}
    return { state: 'unreadable', error: 'not a head record' };
  };

  return {
    keyFile,
    headFile,
    readKey,
    ensureKey(onCreate) {
      const found = readKey();
      if (found.state === 'ok') return found.key;
      if (found.state === 'unreadable') throw new Error(`cannot read the audit key ${keyFile}: ${found.error}`);
      fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
      const key = crypto.randomBytes(32);
      const tmp = `${keyFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'w' });
      try {
        // link() fails if the key appeared meanwhile: then another process created it, and that one counts.
        fs.linkSync(tmp, keyFile);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const other = readKey();
        if (other.state !== 'ok') throw new Error(`cannot read the audit key ${keyFile}`);
        return other.key;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      onCreate(key);
      return key;
    },
    readHead,
    advanceHead(head) {
      const cur = readHead();
      if (cur.state === 'ok' && cur.head.id >= head.id) return;
      writePrivate(headFile, `${JSON.stringify(head)}\n`);
    },
    resetHead(head) {
      writePrivate(headFile, `${JSON.stringify(head)}\n`);
    },
  };
}
