/** Tux's small formatting rules for info views: ✅/❌, "Unknown" dates, permission lists, invite codes. */
import type { PermissionsBitField } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';

export const formatBool = (value: boolean | null | undefined): string => (value ? '✅' : '❌');

/** A Discord timestamp tag (relative by default); "Unknown" for a missing or invalid date. */
export function formatDate(date: Date | number | null | undefined, style: 'R' | 'f' | 'D' = 'R'): string {
  if (date === null || date === undefined) return 'Unknown';
  const ms = typeof date === 'number' ? date : date.getTime();
  if (!Number.isFinite(ms)) return 'Unknown';
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}

/** "Manage Messages, Kick Members, ..." capped at 1024 characters, or "None". */
export function formatPermissions(bits: bigint | Readonly<PermissionsBitField>): string {
  const value = typeof bits === 'bigint' ? bits : bits.bitfield;
  const names = Object.entries(PermissionFlagsBits)
    .filter(([, bit]) => (value & bit) === bit)
    .map(([name]) => name)
    .map((p) => p.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/\bV A D\b/, 'VAD'));
  if (names.length === 0) return 'None';
  const text = names.join(', ');
  return text.length > 1024 ? `${text.slice(0, 1021)}...` : text;
}

/**
 * The invite code in any form a member pastes: a bare code, discord.gg/CODE, discord.com/invite/CODE or
 * discordapp.com/invite/CODE, with or without https://, in any letter case, with a query, fragment or trailing
 * slash. Null when nothing code-like is there.
 */
export function extractInviteCode(input: string): string | null {
  const text = input.trim();
  const url = /(?:https?:\/\/)?(?:www\.)?(?:discord\.gg|discord(?:app)?\.com\/invite)\/([A-Za-z0-9-]+)/i.exec(text);
  if (url) return url[1] as string;
  return /^[A-Za-z0-9-]{2,32}$/.test(text) ? text : null;
}

/** "3/10" or "3/∞". */
export const formatInviteUses = (uses: number | null, maxUses: number | null): string =>
  `${uses ?? 0}/${maxUses ? maxUses : '∞'}`;

/** "2d 3h", "5h" or "Never". */
export function formatInviteMaxAge(seconds: number | null | undefined): string {
  if (!seconds || seconds <= 0) return 'Never';
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  return days > 0 ? `${days}d ${hours}h` : `${hours}h`;
}
