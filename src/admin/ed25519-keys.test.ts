import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, openSshPublicBlob } from './ed25519-keys.ts';

const parse = (text: string) => {
  const key = ssh2.utils.parseKey(text);
  if (key instanceof Error || Array.isArray(key)) throw key instanceof Error ? key : new Error('several keys');
  return key;
};

describe('generateEd25519KeyPair', () => {
  it('makes pairs that ssh2 reads back, private and public alike, with the same public key', () => {
    for (let i = 0; i < 300; i++) {
      const pair = generateEd25519KeyPair(i % 2 ? 'tux host key' : undefined);
      const priv = parse(pair.private);
      const pub = parse(pair.public);
      expect(priv.getPublicSSH().equals(pub.getPublicSSH())).toBe(true);
      // A key that signs is the key that verifies: the private half really belongs to the public one.
      const data = Buffer.from(`payload ${i}`);
      expect(pub.verify(data, priv.sign(data) as Buffer)).toBe(true);
    }
  });

  it('writes the file OpenSSH itself reads (ssh-keygen -y derives the same public key line)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tux-ed25519-'));
    try {
      const pair = generateEd25519KeyPair('carol@laptop');
      const file = join(dir, 'key');
      writeFileSync(file, pair.private, { mode: 0o600 });
      const derived = execFileSync('ssh-keygen', ['-y', '-f', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      }).trim();
      expect(derived.split(' ').slice(0, 2)).toEqual(pair.public.split(' ').slice(0, 2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openSshPublicBlob', () => {
  it('reads the public key of an unencrypted OpenSSH key without ssh2, as ssh2 does', () => {
    const mine = generateEd25519KeyPair('x');
    expect(openSshPublicBlob(mine.private)?.equals(parse(mine.public).getPublicSSH())).toBe(true);
    const theirs = ssh2.utils.generateKeyPairSync('ed25519');
    expect(openSshPublicBlob(Buffer.from(theirs.private))?.equals(parse(theirs.private).getPublicSSH())).toBe(true);
  });

  it('returns null for what it cannot read, so the caller falls back to ssh2', () => {
    const encrypted = ssh2.utils.generateKeyPairSync('ed25519', {
      passphrase: 'secret',
      cipher: 'aes256-ctr',
      rounds: 4,
    });
    expect(openSshPublicBlob(encrypted.private)).toBeNull();
    expect(openSshPublicBlob('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n')).toBeNull();
    expect(
      openSshPublicBlob('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz\n-----END OPENSSH PRIVATE KEY-----'),
    ).toBeNull();
    expect(openSshPublicBlob('not a key')).toBeNull();
  });
});
