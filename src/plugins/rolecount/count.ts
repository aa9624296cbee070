/** The counting behind rolecount: members per role, largest first, as lines "emoji role: N users". */

export interface RoleTally {
  id: string;
  name: string;
  members: number;
}

/** Largest first; equal counts by name, so the order is stable. */
export function sortTallies(tallies: readonly RoleTally[]): RoleTally[] {
  return [...tallies].sort((a, b) => b.members - a.members || a.name.localeCompare(b.name));
}

/** The emoji a server keeps for a role: one named like the role ("arch" or "_arch" for "Arch Linux" or "Arch"). */
export function emojiNameCandidates(roleName: string): string[] {
  const words = roleName
    .toLowerCase()
    .replace(/[^a-z0-9+#\s/-]/g, '')
    .split(/[\s/-]+/)
    .filter(Boolean);
  const joined = words.join('').replace(/\+/g, 'plus').replace(/#/g, 'sharp');
  const first = (words[0] ?? '').replace(/\+/g, 'plus').replace(/#/g, 'sharp');
  return [...new Set([`_${joined}`, joined, `_${first}`, first])].filter((n) => n.length > 1);
}

export function tallyLine(t: RoleTally, emoji: string | null): string {
  return `${emoji ? `${emoji} ` : ''}<@&${t.id}>: ${t.members} ${t.members === 1 ? 'user' : 'users'}`;
}
