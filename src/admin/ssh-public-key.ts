/**
 * Reads an OpenSSH public key blob (SSH wire format) with node:crypto alone, so managing authorized_keys
 * (`tux keys …`) does not load the SSH library. The key material is imported into a crypto KeyObject, which
 * checks it as strictly as the SSH server's own parser does (a point on the curve, a usable RSA modulus).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

const CURVES: Record<string, { jwk: string; size: number }> = {
  nistp256: { jwk: 'P-256', size: 32 },
  nistp384: { jwk: 'P-384', size: 48 },
  nistp521: { jwk: 'P-521', size: 66 },
};

/** The length-prefixed strings of a blob, or null when the lengths do not add up to the blob exactly. */
function wireStrings(blob: Buffer): Buffer[] | null {
  const out: Buffer[] = [];
  let off = 0;
  while (off < blob.length) {
    if (off + 4 > blob.length) return null;
    const len = blob.readUInt32BE(off);
    off += 4;
    if (off + len > blob.length) return null;
    out.push(blob.subarray(off, off + len));
    off += len;
  }
  return out;
}

const b64url = (b: Buffer): string => b.toString('base64url');
/** An SSH mpint without its sign byte. */
const unsigned = (b: Buffer): Buffer => (b[0] === 0 ? b.subarray(1) : b);

/**
 * The key type written inside the blob and its KeyObject (null for ssh-dss, which node:crypto cannot import from
 * its parts; its layout is still checked). Throws an Error saying what is wrong.
 */
export function readPublicKeyBlob(blob: Buffer): { type: string; key: KeyObject | null } {
  const fields = wireStrings(blob);
  const type = fields?.[0]?.toString('latin1');
  if (!fields || !type) throw new Error('the key data is not an SSH public key');
  const bad = (): never => {
    throw new Error(`malformed ${type} key data`);
  };
  if (type === 'ssh-ed25519') {
    const [, pk] = fields;
    if (fields.length !== 2 || pk?.length !== 32) bad();
    return { type, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pk!) }, format: 'jwk' }) };
  }
  if (type === 'ssh-rsa') {
    const [, e, n] = fields;
    if (fields.length !== 3 || !e?.length || !n?.length) bad();
    const key = createPublicKey({
      key: { kty: 'RSA', e: b64url(unsigned(e!)), n: b64url(unsigned(n!)) },
      format: 'jwk',
    });
    return { type, key };
  }
  if (type === 'ssh-dss') {
    if (fields.length !== 5 || fields.some((f) => f.length === 0)) bad();
    return { type, key: null };
  }
  const ecdsa = /^ecdsa-sha2-(nistp\d+)$/.exec(type);
  if (ecdsa) {
    const curve = CURVES[ecdsa[1]!];
    const [, name, q] = fields;
    if (!curve || fields.length !== 3 || name?.toString('latin1') !== ecdsa[1]) bad();
    if (q?.length !== 1 + 2 * curve!.size || q[0] !== 4) bad();
    const x = q!.subarray(1, 1 + curve!.size);
    const y = q!.subarray(1 + curve!.size);
    const key = createPublicKey({ key: { kty: 'EC', crv: curve!.jwk, x: b64url(x), y: b64url(y) }, format: 'jwk' });
    return { type, key };
  }
  throw new Error(`${type} keys are not supported`);
}
