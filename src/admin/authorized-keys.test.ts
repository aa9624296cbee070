import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createAuthorizedKeysCache,
  fingerprintOf,
  parseAuthorizedKeys,
  readAuthorizedKeys,
} from './authorized-keys.ts';
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

describe('authorized_keys ownership and folders (StrictModes)', () => {
  const asRoot = process.getuid?.() === 0;
  let dir = '';
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup(): { keysDir: string; file: string } {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-keys-'));
    const keysDir = path.join(dir, 'keys');
    fs.mkdirSync(keysDir, { mode: 0o700 });
    const file = path.join(keysDir, 'authorized_keys');
    fs.writeFileSync(file, `${pub()} alice tux-role=admin\n`, { mode: 0o600 });
    return { keysDir, file };
  }

  it('accepts a private file in a private folder below a sticky /tmp', () => {
    const { file } = setup();
    expect(readAuthorizedKeys(file)).toMatchObject({ refused: null, keys: [{ role: 'admin' }] });
  });

  it('refuses the file when the keys folder or a folder above it is writable by others', () => {
    const { keysDir, file } = setup();
    fs.chmodSync(keysDir, 0o777);
    let r = readAuthorizedKeys(file);
    expect(r.keys).toEqual([]);
    expect(r.refused).toContain(
      `${keysDir} (a folder holding authorized_keys) is group- or world-writable (mode 0777)`,
    );
    fs.chmodSync(keysDir, 0o700);
    fs.chmodSync(dir, 0o775);
    r = readAuthorizedKeys(file);
    expect(r.refused).toContain(`${dir} (a folder holding authorized_keys) is group- or world-writable (mode 0775)`);
    fs.chmodSync(dir, 0o700);
    expect(readAuthorizedKeys(file).refused).toBeNull();
  });

  it.runIf(asRoot)('refuses a file or folder that belongs to another user', () => {
    const { keysDir, file } = setup();
    fs.chownSync(file, 65534, 65534);
    expect(readAuthorizedKeys(file).refused).toMatch(/belongs to uid 65534, not to the user running Tux/);
    fs.chownSync(file, 0, 0);
    fs.chownSync(keysDir, 65534, 65534);
    expect(readAuthorizedKeys(file).refused).toContain(
      `${keysDir} (a folder holding authorized_keys) belongs to uid 65534`,
    );
  });

  it('notices a change of the folder without a change of the file', () => {
    const { keysDir, file } = setup();
    const seen: (string | null)[] = [];
    const cache = createAuthorizedKeysCache(file, (r) => seen.push(r.refused));
    expect(cache.get().keys).toHaveLength(1);
    fs.chmodSync(keysDir, 0o757);
    expect(cache.get().keys).toHaveLength(0);
    expect(seen[1]).toMatch(/world-writable/);
  });
});
