/**
 * ed25519 keys in OpenSSH format, made and read with node:crypto alone. Loading ssh2 costs about 14 MiB (its
 * poly1305 WebAssembly module is instantiated on import), so the appliance's start-up (host key, local console key)
 * and the `tux keys` commands do without it; ssh2 loads when the first SSH client connects.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const PEM_BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const PEM_END = '-----END OPENSSH PRIVATE KEY-----';
const KEY_TYPE = 'ssh-ed25519';

/** An SSH wire-format string: uint32 length, then the bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** The public key as SSH puts it on the wire and in authorized_keys (base64): string type, string key. */
function ed25519PublicBlob(pub: Buffer): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
}

/** A new ed25519 key pair in OpenSSH format: the private key file ssh-keygen writes, and the public key line. */
export function generateEd25519KeyPair(comment?: string): { private: string; public: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  if (pub.length !== 32 || seed.length !== 32) throw new Error('node:crypto returned an ed25519 key of a wrong size');
  const blob = ed25519PublicBlob(pub);
  const check = randomBytes(4);
  let secret = Buffer.concat([
    check,
    check,
    sshString(KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment ?? ''),
  ]);
  // Padded to the cipher block size ("none": 8) with the bytes 1, 2, 3, …
  const pad = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    MAGIC,
    sshString('none'),
    sshString('none'),
    sshString(''),
    Buffer.from([0, 0, 0, 1]),
    sshString(blob),
    sshString(secret),
  ]).toString('base64');
  const lines = body.match(/.{1,70}/g) ?? [];
  return {
    private: `${PEM_BEGIN}\n${lines.join('\n')}\n${PEM_END}\n`,
    public: `${KEY_TYPE} ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`,
  };
}

/**
 * The public key blob of an unencrypted private key in OpenSSH format (any key type), or null when the text is
 * not one (another format, or encrypted): the caller then asks ssh2, which reads more formats.
 */
export function openSshPublicBlob(privateKey: Buffer | string): Buffer | null {
  const text = privateKey.toString().trim();
  if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) return null;
  const data = Buffer.from(text.slice(PEM_BEGIN.length, -PEM_END.length).replace(/\s+/g, ''), 'base64');
  if (!data.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  let at = MAGIC.length;
  const next = (): Buffer | null => {
    if (at + 4 > data.length) return null;
    const len = data.readUInt32BE(at);
    if (at + 4 + len > data.length) return null;
    const out = data.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    return out;
  };
  const cipher = next();
  const kdf = next();
  if (cipher?.toString() !== 'none' || kdf?.toString() !== 'none' || next() === null) return null;
  if (at + 4 > data.length || data.readUInt32BE(at) !== 1) return null;
  at += 4;
  const blob = next();
  return blob && blob.length > 0 && next() !== null ? Buffer.from(blob) : null;
}
