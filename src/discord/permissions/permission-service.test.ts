import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '#core/config/index.ts';
import type { ConfigStore } from '#core/config/types.ts';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { defineCommand } from '../commands/define-command.ts';
import { CommandRegistry } from '../commands/registry.ts';
import { PrefixStore } from '../prefixes/prefix-store.ts';
import { PermissionService } from './permission-service.ts';

const G = '100000000000000001';
const OWNER = '200000000000000001';
const USER = '200000000000000002';
const MOD_ROLE = '300000000000000001';
const ADMIN_ROLE = '300000000000000002';

describe('PermissionService', () => {
  let tmp: TempDb;
  let config: ConfigStore;
  let perms: PermissionService;
  const registry = new CommandRegistry();
  registry.add('test', [
    defineCommand({ name: 'ping', description: 'p', defaultRank: 0, run: () => {} }),
    defineCommand({ name: 'ban', description: 'b', defaultRank: 3, run: () => {} }),
    defineCommand({ name: 'eval', description: 'e', ownerOnly: true, run: () => {} }),
    defineCommand({
      name: 'config',
      description: 'c',
      defaultRank: 5,
      subcommands: [
        defineCommand({
          name: 'ranks',
          description: 'r',
          subcommands: [defineCommand({ name: 'init', description: 'i', run: () => {} })],
        }),
      ],
    }),
  ]);
  const cmd = (n: string) => registry.resolve(n)!;
  const who = (roleIds: string[], userId = USER) => ({ userId, guildId: G, guildOwnerId: OWNER, roleIds });

  beforeEach(async () => {
    tmp = await openTempDb();
    config = loadConfig({ path: path.join(tmp.dir, 'tux.toml'), env: {} });
    await config.set('bot.sysadmin_ids', ['200000000000000009']);
    perms = new PermissionService(tmp.db, config);
  });
  afterEach(() => {
    (config as { close?: () => void }).close?.();
    tmp.cleanup();
  });

  it('creates default ranks lazily, once', () => {
    expect(perms.ranks(G).map((r) => r.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(perms.ensureDefaultRanks(G)).toBe(false);
  });

  it('uses default ranks, the highest role, and overrides with parent fallback', () => {
    expect(perms.check(who([]), cmd('ping')).allowed).toBe(true);
    const denied = perms.check(who([]), cmd('ban'));
    expect(denied).toMatchObject({ allowed: false, required: 3, current: 0 });
    expect(!denied.allowed && denied.message).toMatch(/rank \*\*3\*\* \(Moderator\).*Your current rank: \*\*0\*\*/s);
    perms.assignRole(G, MOD_ROLE, 3);
    perms.assignRole(G, ADMIN_ROLE, 5);
    expect(perms.userRank(G, [MOD_ROLE, ADMIN_ROLE])).toBe(5);
    expect(perms.check(who([MOD_ROLE]), cmd('ban')).allowed).toBe(true);
    expect(perms.check(who([MOD_ROLE]), cmd('config ranks init')).allowed).toBe(false);
    perms.setCommandRank(G, cmd('config ranks'), 3);
    expect(perms.requiredRank(G, cmd('config ranks init'))).toMatchObject({ rank: 3, from: 'config ranks' });
    expect(perms.check(who([MOD_ROLE]), cmd('config ranks init')).allowed).toBe(true);
    perms.resetCommandRank(G, 'config ranks');
    expect(perms.check(who([MOD_ROLE]), cmd('config ranks init')).allowed).toBe(false);
  });

  it('lets owners, sysadmins and the guild owner bypass; owner-only stays owner-only', async () => {
    expect(perms.check(who([], OWNER), cmd('ban'))).toMatchObject({ allowed: true, bypass: 'guild-owner' });
    expect(perms.check(who([], '200000000000000009'), cmd('ban'))).toMatchObject({ allowed: true, bypass: 'sysadmin' });
    expect(perms.check(who([], OWNER), cmd('eval')).allowed).toBe(false);
    await config.set('bot.owner_ids', [USER]);
    expect(perms.check(who([]), cmd('eval'))).toMatchObject({ allowed: true, bypass: 'owner' });
    expect(() => perms.setCommandRank(G, cmd('eval'), 0)).toThrow(/restricted to bot owners/);
  });

  it('refuses bad ranks clearly and cleans up on delete', () => {
    expect(() => perms.assignRole(G, MOD_ROLE, 9)).toThrow(/Rank 9 does not exist/);
    expect(() => perms.createRank(G, 11, 'x')).toThrow(/0 to 10/);
    expect(() => perms.createRank(G, 3, 'x')).toThrow(/already exists/);
    perms.createRank(G, 9, 'Wizard');
    perms.assignRole(G, MOD_ROLE, 9);
    expect(perms.deleteRank(G, 9)).toEqual({ roles: 1, commands: 0 });
    expect(perms.userRank(G, [MOD_ROLE])).toBe(0);
  });

  it('stores prefixes per guild with validation and force_prefix', async () => {
    const prefixes = new PrefixStore(tmp.db, config);
    expect(prefixes.get(G)).toBe('$');
    prefixes.set(G, '!!');
    expect(prefixes.get(G)).toBe('!!');
    expect(() => prefixes.set(G, 'toolong')).toThrow(/1 to 5/);
    expect(() => prefixes.set(G, 'a b')).toThrow(/spaces/);
    await config.set('bot.force_prefix', true);
    expect(prefixes.get(G)).toBe('$');
  });
});
