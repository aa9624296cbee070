/** Builds event-log entries: an embed for the channel and the same facts as one line of text for a digest file. */
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { COLORS } from '#discord/ui/brand.ts';
import type { LogEntry } from './log-poster.ts';

export type EntryTone = 'create' | 'update' | 'delete' | 'info';

const TONE_COLORS: Record<EntryTone, number> = {
  create: COLORS.success,
  update: COLORS.warning,
  delete: COLORS.error,
  info: COLORS.info,
};

/** Discord's limit on a field value. */
const FIELD_MAX = 1024;

export function clip(text: string, max = FIELD_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface EntryInput {
  tone: EntryTone;
  title: string;
  description?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  /** Footer: the ids the entry is about. */
  ids?: string;
  at?: Date;
}

export function logEntry(input: EntryInput): LogEntry {
  const at = input.at ?? new Date();
  const fields: APIEmbedField[] = (input.fields ?? [])
    .filter((f) => f.value.length > 0)
    .map((f) => ({ name: f.name, value: clip(f.value), ...(f.inline ? { inline: true } : {}) }));
  const embed: APIEmbed = {
    title: input.title,
    color: TONE_COLORS[input.tone],
    timestamp: at.toISOString(),
    ...(input.description ? { description: clip(input.description, 4096) } : {}),
    ...(fields.length ? { fields } : {}),
    ...(input.ids ? { footer: { text: input.ids } } : {}),
  };
  const parts = [input.title, input.description ?? '', ...fields.map((f) => `${f.name}: ${f.value}`), input.ids ?? '']
    .filter((p) => p.length > 0)
    .map((p) => p.replace(/\s*\n\s*/g, ' ⏎ '));
  return { embed, text: `[${at.toISOString()}] ${parts.join(' | ')}` };
}

/** "3 years, 2 days" style age of an account or a membership. */
export function age(since: number, now = Date.now()): string {
  const days = Math.floor((now - since) / 86_400_000);
  if (days < 1) {
    const hours = Math.floor((now - since) / 3_600_000);
    return hours < 1 ? 'less than an hour' : `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  const years = Math.floor(days / 365);
  const rest = days % 365;
  const y = years ? `${years} year${years === 1 ? '' : 's'}` : '';
  const d = rest ? `${rest} day${rest === 1 ? '' : 's'}` : '';
  return [y, d].filter(Boolean).join(', ');
}
