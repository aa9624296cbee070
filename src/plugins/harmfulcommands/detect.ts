/** Tux's detectors of destructive shell commands, and its warnings. */

export type HarmKind = 'rm' | 'fork-bomb' | 'dd' | 'format';

const DANGEROUS_RM = new RegExp(
  [
    '(?:sudo\\s+|doas\\s+|run0\\s+)?', // privilege escalation
    '\\brm\\b\\s+',
    '(?:-[frR]+|--force|--recursive|--no-preserve-root|\\s+)*', // options
    '(?:[/\\u2215~]\\s*|\\.(?:/|\\.)\\s*|\\*|', // root, home, the current or parent folder, everything
    '/(?:bin|boot|etc|lib|proc|root|sys|tmp|usr|var(?:/log)?|network\\.|system))', // system folders
    '(?:\\s+--no-preserve-root|\\s+\\*)*',
  ].join(''),
  'i',
);
const FORK_BOMBS = new Set([':(){:&};:', ':(){:|:&};:']);
const DANGEROUS_DD = /dd\s+.*of=\/dev\/([hs]d[a-z]|nvme\d+n\d+)/i;
const FORMAT = /mkfs\..*\s+\/dev\/([hs]d[a-z]|nvme\d+n\d+)/i;

const TAIL =
  'Ensure you fully understand the consequences before proceeding. If you have received this message in error, please disregard it.';

export const WARNINGS: Record<HarmKind, string> = {
  rm: `-# ⚠️ **This command is likely harmful. By running it, all directory contents will be deleted. There is no undo. ${TAIL}**`,
  'fork-bomb': `-# ⚠️ **This command is likely harmful. By running it, all the memory in your system will be used. ${TAIL}**`,
  dd: `-# ⚠️ **This command is likely harmful. By running it, your disk will be overwritten or erased irreversibly. ${TAIL}**`,
  format: `-# ⚠️ **This command is likely harmful. By running it, your disk will be formatted. ${TAIL}**`,
};

/** Discord markdown removed (code fences and their language, inline code, emphasis, spoilers, quotes). */
export function stripFormatting(text: string): string {
  return text
    .replace(/```[a-z0-9+-]*\n?/gi, '')
    .replace(/`/g, '')
    .replace(/(\*\*|__|~~|\|\|)(.+?)\1/g, '$2')
    .replace(/(\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/^>>?>?\s?/gm, '')
    .trim();
}

export function harmKind(raw: string): HarmKind | null {
  const text = stripFormatting(raw);
  if (text.length > 4000) return null;
  if (FORK_BOMBS.has(text.toLowerCase().replace(/\s+/g, ''))) return 'fork-bomb';
  if (DANGEROUS_RM.test(text)) return 'rm';
  if (DANGEROUS_DD.test(text)) return 'dd';
  if (FORMAT.test(text)) return 'format';
  return null;
}
