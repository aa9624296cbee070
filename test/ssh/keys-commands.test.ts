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
});
