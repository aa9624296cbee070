import type { APIEmbed } from 'discord-api-types/v10';
import { COLORS } from '#discord/ui/brand.ts';
import type { Case } from './case-store.ts';
import type { CaseTypeRegistry } from './case-types.ts';

export const CASES_PER_PAGE = 10;

/** One row: status, zero-padded number, effect, type, relative date (Tux's case list). */
export function caseRow(c: Case, types: CaseTypeRegistry): string {
  const type = types.describe(c.type);
  const status = c.active ? '🟢' : '⚪';
  const effect = type.effect === 'added' ? '➕' : type.effect === 'removed' ? '➖' : '▫️';
  const number = String(c.number).padStart(4, '0');
  return `${status} \`${number}\` ${effect} ${type.emoji} **${type.name}** <@${c.userId}> <t:${Math.floor(c.createdAt / 1000)}:R>`;
}

/** Pages of 10 rows, newest first, with Tux's title. */
export function caseListPages(title: string, rows: readonly Case[], types: CaseTypeRegistry): APIEmbed[] {
  const pages: APIEmbed[] = [];
  for (let i = 0; i < rows.length; i += CASES_PER_PAGE) {
    pages.push({
      author: { name: title },
      color: COLORS.case,
      description: rows
        .slice(i, i + CASES_PER_PAGE)
        .map((c) => caseRow(c, types))
        .join('\n'),
    });
  }
  return pages;
}
