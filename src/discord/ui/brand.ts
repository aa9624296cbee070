/**
 * Tux's look: one colour and author label per kind of message (info, success, warning, error, case, note, ...),
 * as embeds or as Components V2 containers.
 */
import { type APIEmbed, type APIEmbedField, ComponentType, SeparatorSpacingSize } from 'discord-api-types/v10';

export const COLORS = {
  default: 16044058,
  info: 12634869,
  warning: 16634507,
  error: 16067173,
  success: 10407530,
  poll: 14724968,
  case: 16217742,
  activeCase: 16217742,
  inactiveCase: 16217742,
  note: 16752228,
} as const;

export type BrandKind = keyof typeof COLORS;

const LABELS: Record<BrandKind, string> = {
  default: 'Default',
  info: 'Info',
  warning: 'Warning',
  error: 'Error',
  success: 'Success',
  poll: 'Poll',
  case: 'Case',
  activeCase: 'Active Case',
  inactiveCase: 'Inactive Case',
  note: 'Note',
};

export interface BrandEmbedOptions {
  title?: string;
  description?: string;
  fields?: APIEmbedField[];
  /** "{user}@discord $ {latency}ms" footer (Tux style) when both are given. */
  user?: { username: string; avatarURL?: string | null };
  latencyMs?: number;
  footer?: string;
  thumbnail?: string;
  timestamp?: boolean;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function brandEmbed(kind: BrandKind, o: BrandEmbedOptions = {}): APIEmbed {
  const embed: APIEmbed = { color: COLORS[kind], author: { name: LABELS[kind] } };
  if (o.title) embed.title = clip(o.title, 256);
  if (o.description) embed.description = clip(o.description, 4096);
  if (o.fields?.length) {
    embed.fields = o.fields
      .slice(0, 25)
      .map((f) => ({ ...f, name: clip(f.name, 256), value: clip(f.value || '​', 1024) }));
  }
  if (o.thumbnail) embed.thumbnail = { url: o.thumbnail };
  if (o.footer) embed.footer = { text: clip(o.footer, 2048) };
  else if (o.user) {
    const latency = o.latencyMs !== undefined && o.latencyMs >= 0 ? ` $ ${Math.round(o.latencyMs)}ms` : '';
    embed.footer = {
      text: `${o.user.username}@discord${latency}`,
      ...(o.user.avatarURL ? { icon_url: o.user.avatarURL } : {}),
    };
  }
  if (o.timestamp) embed.timestamp = new Date().toISOString();
  return embed;
}

export const infoEmbed = (o: BrandEmbedOptions): APIEmbed => brandEmbed('info', o);
export const successEmbed = (o: BrandEmbedOptions): APIEmbed => brandEmbed('success', o);
export const warningEmbed = (o: BrandEmbedOptions): APIEmbed => brandEmbed('warning', o);
export const errorEmbed = (o: BrandEmbedOptions): APIEmbed => brandEmbed('error', o);

// Components V2 (message flag IsComponentsV2; no content or embeds alongside).

export type V2Block =
  | { text: string }
  | { separator: true; large?: boolean }
  // biome-ignore lint/suspicious/noExplicitAny: raw action rows pass through unchanged
  | { row: any };

/** A coloured container with text blocks, separators and action rows. */
export function brandContainer(kind: BrandKind, blocks: readonly V2Block[]): Record<string, unknown> {
  const components = blocks.map((b) => {
    if ('text' in b) return { type: ComponentType.TextDisplay, content: clip(b.text, 4000) };
    if ('separator' in b) {
      return {
        type: ComponentType.Separator,
        divider: true,
        spacing: b.large ? SeparatorSpacingSize.Large : SeparatorSpacingSize.Small,
      };
    }
    return typeof b.row?.toJSON === 'function' ? b.row.toJSON() : b.row;
  });
  return { type: ComponentType.Container, accent_color: COLORS[kind], components };
}

/** The same content as an embed, laid out as a Components V2 container (title, text, fields, footer, rows). */
export function containerFromEmbed(
  kind: BrandKind,
  embed: APIEmbed,
  // biome-ignore lint/suspicious/noExplicitAny: action rows as builders or JSON
  rows: readonly any[] = [],
): Record<string, unknown> {
  const blocks: V2Block[] = [];
  const head = [embed.title ? `## ${embed.title}` : '', embed.description ?? ''].filter(Boolean).join('\n');
  if (head) blocks.push({ text: head });
  if (embed.fields?.length) {
    blocks.push({ separator: true });
    blocks.push({ text: embed.fields.map((f) => `**${f.name}**\n${f.value}`).join('\n\n') });
  }
  if (embed.footer?.text) blocks.push({ text: `-# ${embed.footer.text}` });
  for (const row of rows) blocks.push({ row });
  return brandContainer(kind, blocks);
}
