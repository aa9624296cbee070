/**
 * The console's access list: an OpenSSH authorized_keys file with a role per key, written in the comment as
 * `tux-role=viewer|operator|admin` (a key without a marker is a viewer). OpenSSH options (from=, command=, restrict,
 * ...) are not supported and such lines are refused rather than silently ignored, since ignoring them would grant
 * more access than the line says.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AdminError } from './admin-errors.ts';
import { DEFAULT_ROLE, isRole, type Role } from './roles.ts';
import { hasUnsafeCharacters } from './sanitize.ts';
import { readPublicKeyBlob } from './ssh-public-key.ts';

export interface AuthorizedKey {
  /** 1-based line number in the file. */
  line: number;
  type: string;
  /** The public key blob (SSH wire format). */
  blob: Buffer;
  fingerprint: string;
  role: Role;
  /** Comment without the role marker. */
  label: string;
}

export interface KeyFileProblem {
  line: number;
  message: string;
}

export interface AuthorizedKeysFile {
  keys: AuthorizedKey[];
  problems: KeyFileProblem[];
  /** Set when the whole file is refused (unsafe permissions); then `keys` is empty. */
  refused: string | null;
}

const ROLE_MARKER = /(?:^|\s)tux-role=(\S*)/;
const KEY_TYPE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-[a-z0-9-]+@openssh\.com)(-cert-v01@openssh\.com)?$/;

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Parses one key given as "type base64 [comment]". Throws AdminError('invalid-input') with the reason. */
export function parsePublicKey(text: string): { type: string; blob: Buffer; comment: string } {
  const parts = text.trim().split(/\s+/);
  const [type, b64] = parts;
  if (!type || !KEY_TYPE.test(type)) {
    const hint = type?.includes('=') || type === 'restrict' ? ' (authorized_keys options are not supported)' : '';
    throw new AdminError('invalid-input', `not an OpenSSH public key: expected "ssh-ed25519 AAAA… comment"${hint}`);
  }
  if (type.endsWith('-cert-v01@openssh.com')) throw new AdminError('invalid-input', 'certificates are not supported');
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new AdminError('invalid-input', 'the key data is not base64');
  const blob = Buffer.from(b64, 'base64');
  let inner: string;
  try {
    inner = readPublicKeyBlob(blob).type;
  } catch (err) {
    throw new AdminError('invalid-input', `unsupported or corrupt ${type} key: ${(err as Error).message}`);
  }
  if (inner !== type) throw new AdminError('invalid-input', `the key data is a ${inner} key, not ${type}`);
  return { type, blob, comment: parts.slice(2).join(' ') };
}

export function parseAuthorizedKeys(text: string): { keys: AuthorizedKey[]; problems: KeyFileProblem[] } {
  const keys: AuthorizedKey[] = [];
  const problems: KeyFileProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    try {
      const k = parsePublicKey(trimmed);
      const marker = ROLE_MARKER.exec(k.comment);
      const roleText = marker?.[1];
      if (marker && !isRole(roleText)) {
        problems.push({ line, message: `unknown role "${roleText}" (use viewer, operator or admin); key ignored` });
        return;
      }
      keys.push({
        line,
        type: k.type,
        blob: k.blob,
        fingerprint: fingerprintOf(k.blob),
        role: isRole(roleText) ? roleText : DEFAULT_ROLE,
        label: k.comment.replace(ROLE_MARKER, ' ').replace(/\s+/g, ' ').trim(),
      });
    } catch (err) {
      problems.push({ line, message: `${(err as Error).message}; line ignored` });
    }
  });
  return { keys, problems };
}

function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/**
 * OpenSSH's StrictModes for the access list: the file, its folder (the keys folder) and every folder above must belong
 * to the user running Tux or to root, and must not be writable by group or others; anyone who could write one of
 * them could swap in their own admin key. Above the keys folder a root-owned sticky folder (such as /tmp) is
 * accepted, since others cannot rename or replace what is in it. Returns why the file is unsafe, or null.
 * `what` names the file in the folder messages and `consequence` says what the refusal means.
 */
export function unsafeKeysPath(
  file: string,
  what = 'authorized_keys',
  consequence = 'nobody can log in',
): string | null {
  const uid = process.getuid?.();
  const owned = (st: fs.Stats) => uid === undefined || st.uid === uid || st.uid === 0;
  const who = uid === undefined ? '' : ` (uid ${uid})`;
  const st = fs.statSync(file);
  if (!st.isFile()) return `${file} is not a regular file`;
  if (!owned(st)) {
    return `${file} belongs to uid ${st.uid}, not to the user running Tux${who} or root; ${consequence} until you run: chown $(id -u) ${file}`;
  }
  if ((st.mode & 0o022) !== 0) {
    return `${file} is group- or world-writable (mode ${modeText(st.mode)}); ${consequence} until you run: chmod 600 ${file}`;
  }
  const keysDir = path.dirname(path.resolve(file));
  for (let dir = keysDir; ; dir = path.dirname(dir)) {
    const d = fs.statSync(dir);
    if (!owned(d)) {
      return `${dir} (a folder holding ${what}) belongs to uid ${d.uid}, not to the user running Tux${who} or root; ${consequence} until it is owned by that user or root`;
    }
    const shared = dir !== keysDir && d.uid === 0 && (d.mode & 0o1000) !== 0;
    if ((d.mode & 0o022) !== 0 && !shared) {
      return `${dir} (a folder holding ${what}) is group- or world-writable (mode ${modeText(d.mode)}); ${consequence} until you run: chmod go-w ${dir}`;
    }
    if (path.dirname(dir) === dir) break;
  }
  return null;
}

/**
 * Reads the file. A missing file means no keys; a file that others could have written (see unsafeKeysPath) is
 * refused as a whole.
 */
export function readAuthorizedKeys(file: string): AuthorizedKeysFile {
  let refused: string | null;
  try {
    refused = unsafeKeysPath(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [], problems: [], refused: null };
    throw err;
  }
  if (refused) return { keys: [], problems: [], refused };
  return { ...parseAuthorizedKeys(fs.readFileSync(file, 'utf8')), refused: null };
}

/**
 * Re-reads the file only when it or its folder changed (inode, size, mtime, mode, owner), so each login sees the
 * current list cheaply.
 */
export function createAuthorizedKeysCache(file: string, onReload: (result: AuthorizedKeysFile) => void = () => {}) {
  let stamp = '';
  let current: AuthorizedKeysFile = { keys: [], problems: [], refused: null };
  const stampOf = (p: string) => {
    try {
      const st = fs.statSync(p);
      return `${st.ino}:${st.size}:${st.mtimeMs}:${st.mode}:${st.uid}`;
    } catch {
      return 'missing';
    }
  };
  return {
    get(): AuthorizedKeysFile {
      const next = `${stampOf(file)}|${stampOf(path.dirname(file))}`;
      if (next !== stamp) {
        stamp = next;
        current = readAuthorizedKeys(file);
        onReload(current);
      }
      return current;
    },
  };
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Appends a key with a role. Refuses a key that is already present. */
export function addAuthorizedKey(file: string, keyText: string, role: Role, label?: string): AuthorizedKey {
  const k = parsePublicKey(keyText);
  const fp = fingerprintOf(k.blob);
  const existing = parseAuthorizedKeys(readText(file)).keys.find((e) => e.fingerprint === fp);
  if (existing) {
    throw new AdminError(
      'conflict',
      `key ${fp} is already authorized (role ${existing.role}); remove it first to change its role`,
    );
  }
  const raw = label ?? k.comment.replace(ROLE_MARKER, ' ');
  // Refused rather than stripped: the comment is how people tell keys apart, so it must read as what it is.
  if (hasUnsafeCharacters(raw.replace(/[\t ]/g, ' '))) {
    throw new AdminError(
      'invalid-input',
      `the key ${label === undefined ? 'comment' : 'label'} contains control or bidirectional characters; remove them (or give a plain --label)`,
    );
  }
  const comment = raw.replace(/\s+/g, ' ').trim();
  const line = `${k.type} ${k.blob.toString('base64')}${comment ? ` ${comment}` : ''} tux-role=${role}`;
  const text = readText(file);
  writeAtomically(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${line}\n`);
  const added = parseAuthorizedKeys(line).keys[0];
  if (!added) throw new AdminError('failed', 'the key could not be read back after writing');
  return added;
}

/** Removes the keys matching a fingerprint or an exact comment. Refuses an ambiguous comment. */
export function removeAuthorizedKey(file: string, selector: string): AuthorizedKey {
  const text = readText(file);
  const { keys } = parseAuthorizedKeys(text);
  const sel = selector.trim();
  const byFp = keys.filter((k) => k.fingerprint === sel || k.fingerprint === `SHA256:${sel}`);
  const matches = byFp.length ? byFp : keys.filter((k) => k.label === sel);
  const match = matches[0];
  if (!match) throw new AdminError('not-found', `no authorized key with fingerprint or comment "${sel}"`);
  if (matches.length > 1) {
    throw new AdminError('invalid-input', `${matches.length} keys have the comment "${sel}"; give the fingerprint`);
  }
  const lines = text.split('\n');
  lines.splice(match.line - 1, 1);
  writeAtomically(file, lines.join('\n'));
  return match;
}
