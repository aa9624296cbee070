import ssh2 from 'ssh2';

/**
 * A new ed25519 key pair in OpenSSH format. ssh2 1.17's generator drops a leading zero byte of the public key
 * (about one key in 256), producing a file it cannot read back; such pairs are discarded and generated again.
 */
export function generateEd25519KeyPair(comment?: string): { private: string; public: string } {
  for (let i = 0; i < 100; i++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', comment ? { comment } : {});
    const priv = ssh2.utils.parseKey(pair.private);
    const pub = ssh2.utils.parseKey(pair.public);
    if (!(priv instanceof Error) && !Array.isArray(priv) && !(pub instanceof Error) && !Array.isArray(pub)) return pair;
  }
  throw new Error('could not generate a readable ed25519 key');
}
