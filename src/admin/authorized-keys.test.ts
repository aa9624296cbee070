import { describe, expect, it } from 'vitest';
import { fingerprintOf, parseAuthorizedKeys } from './authorized-keys.ts';
import { generateEd25519KeyPair } from './ed25519-keys.ts';

const pub = () => generateEd25519KeyPair().public;

describe('parseAuthorizedKeys', () => {
  it('reads roles from the comment, defaults to viewer, skips comments and blanks', () => {
    const a = pub();
    const b = pub();
    const { keys, problems } = parseAuthorizedKeys(`# admins\n\n${a} alice@laptop tux-role=admin\n${b} bob\n`);
    expect(problems).toEqual([]);
    expect(keys.map((k) => [k.role, k.label, k.line])).toEqual([
      ['admin', 'alice@laptop', 3],
      ['viewer', 'bob', 4],
    ]);
    expect(keys[0]?.fingerprint).toBe(fingerprintOf(keys[0]!.blob));
    expect(keys[0]?.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('refuses lines with OpenSSH options, unknown roles and corrupt keys, naming the line', () => {
    const a = pub();
    const [type, data] = a.split(' ');
    const text = [
      `command="/bin/sh" ${a} x tux-role=admin`,
      `restrict ${a}`,
      `${a} eve tux-role=root`,
      `${type} ${data!.slice(0, 30)}AAAA broken`,
    ].join('\n');
    const { keys, problems } = parseAuthorizedKeys(text);
    expect(keys).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4]);
    expect(problems[0]?.message).toContain('options are not supported');
    expect(problems[2]?.message).toContain('unknown role "root"');
  });
});
