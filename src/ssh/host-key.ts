import fs from 'node:fs';
import path from 'node:path';
import { fingerprintOf } from '#admin/authorized-keys.ts';
import { generateEd25519KeyPair, openSshPublicBlob } from '#admin/ed25519-keys.ts';

export interface HostKey {
  file: string;
  /** PEM/OpenSSH private key, as ssh2 takes it. */
  privateKey: Buffer;
  fingerprint: string;
  created: boolean;
}

/**
 * Loads the ed25519 host key, creating it (0600) on first start. It must survive restarts: a new key on every
 * start would make every client warn "host key changed".
 */
export async function loadOrCreateHostKey(keysDir: string): Promise<HostKey> {
  const file = path.join(keysDir, 'ssh_host_ed25519_key');
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const pair = generateEd25519KeyPair('tux host key');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, pair.private, { mode: 0o600 });
    fs.renameSync(tmp, file);
    fs.writeFileSync(`${file}.pub`, `${pair.public}\n`, { mode: 0o644 });
    created = true;
  }
  const st = fs.statSync(file);
  if ((st.mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const privateKey = fs.readFileSync(file);
  const blob = await publicBlobOf(privateKey, `the SSH host key ${file}`);
  return { file, privateKey, fingerprint: fingerprintOf(blob), created };
}

/**
 * The public key of a private key file. An unencrypted OpenSSH key (what Tux writes) is read without ssh2, which
 * would cost its WebAssembly memory before any client connects; other formats are read by ssh2.
 */
export async function publicBlobOf(privateKey: Buffer, what: string): Promise<Buffer> {
  const blob = openSshPublicBlob(privateKey);
  if (blob) return blob;
  const { default: ssh2 } = await import('ssh2');
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) {
    throw new Error(`cannot read ${what}: ${parsed instanceof Error ? parsed.message : 'several keys'}`);
  }
  return parsed.getPublicSSH();
}
