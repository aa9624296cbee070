import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  extractInviteCode,
  formatBool,
  formatDate,
  formatInviteMaxAge,
  formatInviteUses,
  formatPermissions,
} from './info-format.ts';

describe('info formatting', () => {
  it('reads an invite code from every form a member pastes', () => {
    for (const input of [
      'tux',
      'discord.gg/tux',
      'https://discord.gg/tux',
      'https://discord.gg/tux?event=1',
      'HTTPS://Discord.GG/tux/',
      'discord.com/invite/tux',
      'https://discord.com/invite/tux#x',
      'https://discordapp.com/invite/tux',
      'https://www.discord.com/invite/tux',
      '  <https://discord.gg/tux>  '.replace(/[<>]/g, ''),
    ]) {
      expect(extractInviteCode(input), input).toBe('tux');
    }
    expect(extractInviteCode('https://example.com/invite')).toBeNull();
    expect(extractInviteCode('not an invite')).toBeNull();
  });

  it('formats booleans, dates, uses, ages and permissions as Tux', () => {
    expect(formatBool(true)).toBe('✅');
    expect(formatBool(false)).toBe('❌');
    expect(formatDate(null)).toBe('Unknown');
    expect(formatDate(Number.NaN)).toBe('Unknown');
    expect(formatDate(1_700_000_000_000)).toBe('<t:1700000000:R>');
    expect(formatInviteUses(3, 10)).toBe('3/10');
    expect(formatInviteUses(3, 0)).toBe('3/∞');
    expect(formatInviteMaxAge(0)).toBe('Never');
    expect(formatInviteMaxAge(3 * 3600)).toBe('3h');
    expect(formatInviteMaxAge(2 * 86400 + 3600)).toBe('2d 1h');
    expect(formatPermissions(0n)).toBe('None');
    expect(formatPermissions(PermissionFlagsBits.KickMembers | PermissionFlagsBits.ManageMessages)).toBe(
      'Kick Members, Manage Messages',
    );
    const all = formatPermissions(0xffff_ffff_ffffn);
    expect(all.length).toBeLessThanOrEqual(1024);
    expect(all).toContain('Administrator');
  });
});
