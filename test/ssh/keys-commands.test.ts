import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAuthorizedKeys } from '#admin/authorized-keys.ts';
import { type CliKit, createCliKit } from '#src/cli/cli-test-kit.ts';
import { registerKeysCommands } from '#src/cli/keys-commands.ts';
import { makeKey } from './ssh-harness.ts';

let kit: CliKit;
beforeEach(() => {
  kit = createCliKit(registerKeysCommands);
});
afterEach(() => kit.cleanup());

describe('tux keys', () => {
  it('adds a key from a .pub file with a role, lists it, removes it by comment', async () => {
    const k = makeKey('admin');
    const pub = path.join(kit.dir, 'alice.pub');
    fs.writeFileSync(pub, `${k.publicKey} alice@laptop\n`);
    const add = await kit.run('keys', 'add', pub, '--role', 'operator');
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/^added SHA256:\S+ \(ssh-ed25519\) as operator: alice@laptop/);
    const file = path.join(kit.dir, 'keys', 'authorized_keys');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readAuthorizedKeys(file).keys[0]?.role).toBe('operator');

    const list = await kit.run('keys', 'list');
    expect(list.out).toContain('operator');
    expect(list.out).toContain('alice@laptop');

    const again = await kit.run('keys', 'add', k.publicKey, '--role', 'admin');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already authorized');

    const rm = await kit.run('keys', 'remove', 'alice@laptop');
    expect(rm.code).toBe(0);
    expect(readAuthorizedKeys(file).keys).toHaveLength(0);
  });

  it('refuses bad input and changes nothing', async () => {
    const bad = await kit.run('keys', 'add', 'ssh-ed25519 not-base64!', '--role', 'admin');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not base64');
    const role = await kit.run('keys', 'add', makeKey('admin').publicKey, '--role', 'root');
    expect(role.code).toBe(1);
    expect(role.err).toContain('--role must be viewer, operator or admin');
    const missing = await kit.run('keys', 'remove', 'SHA256:nope');
    expect(missing.code).toBe(1);
    expect(fs.existsSync(path.join(kit.dir, 'keys', 'authorized_keys'))).toBe(false);
  });

  it('adds a key as a viewer when no --role is given', async () => {
    const k = makeKey('viewer');
    const add = await kit.run('keys', 'add', `${k.publicKey} carol@desk`);
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/as viewer: carol@desk/);
    expect(readAuthorizedKeys(path.join(kit.dir, 'keys', 'authorized_keys')).keys[0]?.role).toBe('viewer');
  });

  it('refuses key comments and labels with control or bidirectional characters', async () => {
    const file = path.join(kit.dir, 'keys', 'authorized_keys');
    for (const comment of ['evil\u009b2Jx', 'osc\u009d0;title', 'admin\u202egnp.exe', 'bell\u0007']) {
      const r = await kit.run('keys', 'add', `${makeKey('admin').publicKey} ${comment}`, '--role', 'admin');
      expect(r.code).toBe(1);
      expect(r.err).toContain('contains control or bidirectional characters');
    }
    const label = await kit.run('keys', 'add', makeKey('admin').publicKey, '--label', 'a\nssh-ed25519 AAAA');
    expect(label.code).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('escapes C1 controls and bidi overrides in --json output', async () => {
    const file = path.join(kit.dir, 'keys', 'authorized_keys');
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // A comment written into the file by hand, not through `tux keys add`.
    fs.writeFileSync(file, `${makeKey('admin').publicKey} x\u009b2J\u009d0;t\u0007\u202ey tux-role=admin\n`, {
      mode: 0o600,
    });
    const r = await kit.run('keys', 'list', '--json');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/);
    expect(r.out).toContain('\\u009b');
    expect(JSON.parse(r.out).keys[0].label).toBe('x\u009b2J\u009d0;t\u0007\u202ey');
  });
});
