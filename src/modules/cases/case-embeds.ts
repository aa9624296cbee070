/** The embeds of the moderation flow: the DM to the target, the reply to the moderator and the mod-log post. */
import type { APIEmbed } from 'discord-api-types/v10';
import { COLORS } from '#discord/ui/brand.ts';
import type { Case } from './case-store.ts';
import type { CaseTypeRegistry } from './case-types.ts';

export interface Names {
  /** Display names keyed by user id, when known; ids alone are shown otherwise. */
  [userId: string]: string | undefined;
}

function person(id: string, names: Names): string {
  const name = names[id];
  return `${name ? `**${name}**` : `<@${id}>`}\n\`${id}\``;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')
    .slice(0, 1024);
}

function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export interface CaseEmbedOptions {
  /** "✅ DM sent" / "❌ DM not sent" line; absent for cases with no DM (notes, edits). */
  dmSent?: boolean;
  /** The moderator asked for no DM (`-silent`): an unsent DM reads "DM skipped (silent)", not as a failure. */
  silent?: boolean;
  /** Extra lines under the DM line (timeout clamp notice, voided cause). */
  notes?: readonly string[];
  /** Author suffix: "viewed", "updated". */
  verb?: string;
  /** Footer text ("Last updated by …"). */
  footer?: string;
  names?: Names;
}

/** Response and mod-log embed of a case (Tux §2.2 layout). */
export function caseEmbed(c: Case, types: CaseTypeRegistry, opts: CaseEmbedOptions = {}): APIEmbed {
  const type = types.describe(c.type);
  const names = opts.names ?? {};
  const lines: string[] = [];
  if (opts.dmSent !== undefined) {
    lines.push(opts.dmSent ? '✅ DM sent' : opts.silent ? '🔕 DM skipped (silent)' : '❌ DM not sent');
  }
  if (!c.active) lines.push('*This case is inactive.*');
  for (const note of opts.notes ?? []) lines.push(note);
  const fields = [
    { name: 'Moderator', value: person(c.moderatorId, names), inline: true },
    { name: 'Target', value: person(c.userId, names), inline: true },
    { name: 'Reason', value: quote(c.reason), inline: false },
  ];
  if (c.expiresAt !== null) {
    const word = c.expiresAt > Date.now() && c.active ? 'Expires' : 'Expired';
    fields.push({ name: word, value: `<t:${unixSeconds(c.expiresAt)}:R>`, inline: true });
  }
  const embed: APIEmbed = {
    author: { name: `Case #${c.number} (${type.name})${opts.verb ? ` ${opts.verb}` : ''}` },
    color: c.type === 'NOTE' ? COLORS.note : COLORS.case,
    fields,
    timestamp: new Date(c.createdAt).toISOString(),
  };
  if (lines.length > 0) embed.description = lines.join('\n');
  if (opts.footer) embed.footer = { text: opts.footer };
  return embed;
}

/** The DM the target receives: "You have been banned" with reason and moderator. */
export function dmEmbed(
  verb: string,
  guildName: string,
  reason: string,
  moderator: { id: string; tag: string },
  extra?: string,
): APIEmbed {
  const fields = [
    { name: 'Reason', value: quote(reason), inline: false },
    { name: 'Moderator', value: `\`${moderator.tag} (${moderator.id})\``, inline: false },
  ];
  return {
    title: `You have been ${verb}${extra ? ` ${extra}` : ''}`,
    description: `Server: **${guildName}**`,
    color: COLORS.case,
    fields,
    footer: { text: 'If you believe this was an error, please contact server staff' },
  };
}

/** A plain notice in the mod log (purge, slowmode). */
export function logNoticeEmbed(title: string, description: string, moderatorId: string, now = Date.now()): APIEmbed {
  return {
    author: { name: title },
    description,
    color: COLORS.info,
    fields: [{ name: 'Moderator', value: `<@${moderatorId}>\n\`${moderatorId}\``, inline: true }],
    timestamp: new Date(now).toISOString(),
  };
}

/** Mod-log posts carry up to 10 case embeds: the one of case `number` is the one whose author names it. */
export function isEmbedOfCase(embed: APIEmbed, number: number): boolean {
  return embed.author?.name?.startsWith(`Case #${number} (`) === true;
}

/**
 * The embeds of a mod-log message with case `number`'s embed replaced, the others kept in place. A message that
 * has no embed of that case (an older single-case post with another layout) gets the new embed alone.
 */
export function replaceCaseEmbed(embeds: readonly APIEmbed[], number: number, embed: APIEmbed): APIEmbed[] {
  const at = embeds.findIndex((e) => isEmbedOfCase(e, number));
  if (at < 0) return [embed];
  return embeds.map((e, i) => (i === at ? embed : e));
}
