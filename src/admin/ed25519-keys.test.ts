import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from './ed25519-keys.ts';

describe('generateEd25519KeyPair', () => {
  it('always returns a pair that parses back (ssh2 alone fails for about 1 in 256)', () => {
    for (let i = 0; i < 1500; i++) {
      const pair = generateEd25519KeyPair();
      expect(ssh2.utils.parseKey(pair.private)).not.toBeInstanceOf(Error);
    }
  });
});
