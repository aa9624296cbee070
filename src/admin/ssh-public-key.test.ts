import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { parsePublicKey } from './authorized-keys.ts';

const gen = (type: 'ed25519' | 'rsa' | 'ecdsa', bits?: number) =>
  ssh2.utils.generateKeyPairSync(type as 'ed25519', bits ? ({ bits } as object) : {}).public;

describe('public keys read without the SSH library', () => {
  it('accepts ed25519, RSA and ECDSA keys with the same blob the SSH library reads', () => {
    for (const text of [gen('ed25519'), gen('rsa', 2048), gen('ecdsa', 256), gen('ecdsa', 384), gen('ecdsa', 521)]) {
      const k = parsePublicKey(`${text} me@host`);
      const ref = ssh2.utils.parseKey(text) as ssh2.ParsedKey;
      expect(k.type).toBe(ref.type);
      expect(k.blob.equals(ref.getPublicSSH())).toBe(true);
      expect(k.comment).toBe('me@host');
    }
  });

  it('refuses truncated data, a type that does not match, and a point off the curve', () => {
    const ed = gen('ed25519');
    const [type, b64] = ed.split(' ') as [string, string];
    const blob = Buffer.from(b64, 'base64');
    expect(() => parsePublicKey(`${type} ${blob.subarray(0, blob.length - 3).toString('base64')}`)).toThrow(
      /corrupt ssh-ed25519 key/,
    );
    expect(() => parsePublicKey(`ssh-rsa ${b64}`)).toThrow(/is a ssh-ed25519 key, not ssh-rsa/);
    const ec = gen('ecdsa', 256).split(' ')[1]!;
    const bad = Buffer.from(ec, 'base64');
    bad[bad.length - 1]! ^= 0xff; // y no longer matches x
    expect(() => parsePublicKey(`ecdsa-sha2-nistp256 ${bad.toString('base64')}`)).toThrow(/corrupt/);
  });
});
