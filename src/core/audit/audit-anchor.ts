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

/** Fixed size of the head record: one write at offset 0, within one disk sector. */
const HEAD_BYTES = 128;

/**
 * Overwrites the head record in place: one 128-byte write at offset 0 of a 0600 file, which a reader sees whole
 * (a temp file and rename would cost a flush per row on ext4). Not fsynced: a record lost to a power cut only lags,
 * and the next row (the appliance writes one at start) rewrites it.
 */
function writeHeadFile(file: string, head: AuditHead): void {
  const text = JSON.stringify(head);
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  try {
    fs.writeSync(fd, `${text.padEnd(HEAD_BYTES - 1)}\n`, 0);
    fs.ftruncateSync(fd, HEAD_BYTES);
  } finally {
    fs.closeSync(fd);
  }
}

export function createAuditAnchor(keysDir: string): AuditAnchor {
  const keyFile = path.join(keysDir, AUDIT_KEY_FILE);
  const headFile = path.join(keysDir, AUDIT_HEAD_FILE);
  /** The key never changes once it exists; writers read it once. */
  let cachedKey: Buffer | null = null;

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
      if (cachedKey) return cachedKey;
      const found = readKey();
      if (found.state === 'ok') {
        cachedKey = found.key;
        return found.key;
      }
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
        cachedKey = other.key;
        return other.key;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      onCreate(key);
      cachedKey = key;
      return key;
    },
    readHead,
    advanceHead(head) {
      const cur = readHead();
      if (cur.state === 'ok' && cur.head.id >= head.id) return;
      writeHeadFile(headFile, head);
    },
    resetHead(head) {
      writeHeadFile(headFile, head);
    },
  };
}
