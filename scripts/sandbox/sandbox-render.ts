/**
 * Renders what the bot does in the sandbox as plain text: its messages (content, embeds, components) and the
 * state changes that follow (bans, roles, timeouts, slowmode). Everything printed is stripped of control
 * characters first, since message text comes from the bot and members.
 */

import type { APIMessage } from 'discord-api-types/v10';
import { formatBytes } from '#src/cli/format-bytes.ts';

export interface Names {
  user(id: string): string;
  channel(id: string): string;
  role(id: string): string;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
export const clean = (text: string): string => text.replace(CONTROL, '');

/** <@id>, <@&id>, <#id> -> readable names. */
export function humanise(text: string, names: Names): string {
  return clean(text)
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.user(id)}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${names.role(id)}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channel(id)}`)
    .replace(/<t:(\d+)(?::\w)?>/g, (_, s: string) => new Date(Number(s) * 1000).toISOString());
}

interface Component {
  type: number;
  content?: string;
  label?: string;
  placeholder?: string;
  components?: Component[];
  accessory?: Component;
  custom_id?: string;
}

function componentLines(components: Component[], names: Names, out: string[]): void {
  for (const c of components) {
    if (c.type === 10 && c.content) out.push(...humanise(c.content, names).split('\n'));
    if (c.type === 2 && c.label) out.push(`[button: ${clean(c.label)}]`);
    if ((c.type === 3 || (c.type >= 5 && c.type <= 8)) && c.placeholder) out.push(`[menu: ${clean(c.placeholder)}]`);
    if (c.components) componentLines(c.components, names, out);
    if (c.accessory) componentLines([c.accessory], names, out);
  }
}

/** Discord's message flag for a deferred interaction reply. */
const LOADING = 128;

export function renderMessage(m: APIMessage, names: Names, verb = 'says'): string {
  const lines: string[] = [];
  if (m.content) lines.push(...humanise(m.content, names).split('\n'));
  for (const e of m.embeds ?? []) {
    const head = [e.author?.name, e.title].filter(Boolean).map((s) => clean(String(s)));
    if (head.length) lines.push(`┃ ${head.join(' · ')}`);
    if (e.description)
      lines.push(
        ...humanise(e.description, names)
          .split('\n')
          .map((l) => `┃ ${l}`),
      );
    for (const f of e.fields ?? []) {
      lines.push(`┃ ${clean(f.name)}: ${humanise(f.value, names).replace(/\n/g, ' ')}`);
    }
    if (e.footer?.text) lines.push(`┃ — ${clean(e.footer.text)}`);
  }
  componentLines((m.components ?? []) as unknown as Component[], names, lines);
  for (const a of m.attachments ?? []) {
    lines.push(`📎 ${clean(a.filename)} (${formatBytes(a.size)}) ${clean(a.url)}`);
  }
  // A deferred reply (Discord's "is thinking…") has nothing to show until the bot edits it.
  if (!lines.length && (m.flags ?? 0) & LOADING) lines.push('(thinking…)');
  const channel = names.channel(m.channel_id);
  const where = channel.startsWith('DM:') ? `a DM to ${channel.slice(3)}` : `#${channel}`;
  const flags = (m.flags ?? 0) & 64 ? ' (only you can see this)' : '';
  return [`${names.user(m.author.id)} ${verb} in ${where}${flags}:`, ...lines.map((l) => `  ${l}`)].join('\n');
}

/** One line for a gateway event that changes what a member would see, or null for events not worth showing. */
export function renderEvent(t: string, d: Record<string, unknown>, names: Names): string | null {
  const user = (x: unknown): string => {
    const u = x as { id?: string } | undefined;
    return u?.id ? names.user(u.id) : '?';
  };
  switch (t) {
    case 'GUILD_BAN_ADD':
      return `⛔ ${user(d.user)} was banned`;
    case 'GUILD_BAN_REMOVE':
      return `✅ ${user(d.user)} was unbanned`;
    case 'GUILD_MEMBER_REMOVE':
      return `👋 ${user(d.user)} left or was removed`;
    case 'GUILD_MEMBER_ADD':
      return `➕ ${user(d.user)} joined`;
    case 'GUILD_MEMBER_UPDATE': {
      const until = d.communication_disabled_until as string | null | undefined;
      const roles = (d.roles as string[] | undefined)?.map((r) => `@${names.role(r)}`).join(' ') || 'none';
      const timeout = until && Date.parse(until) > Date.now() ? `, timed out until ${until}` : '';
      return `👤 ${user(d.user)} now has roles ${roles}${timeout}`;
    }
    case 'CHANNEL_UPDATE': {
      const slow = d.rate_limit_per_user as number | undefined;
      return `# #${clean(String(d.name ?? '?'))} updated${slow ? ` (slowmode ${slow}s)` : ''}`;
    }
    case 'CHANNEL_CREATE':
      return `${d.type === 2 ? '🔊' : '#'} channel ${clean(String(d.name ?? '?'))} created`;
    case 'CHANNEL_DELETE':
      return `${d.type === 2 ? '🔊' : '#'} channel ${clean(String(d.name ?? '?'))} deleted`;
    case 'VOICE_STATE_UPDATE':
      return d.channel_id
        ? `🔊 ${names.user(String(d.user_id))} is in voice channel ${names.channel(String(d.channel_id))}`
        : `🔇 ${names.user(String(d.user_id))} left voice`;
    case 'MESSAGE_DELETE':
      return `🗑 a message was deleted in #${names.channel(String(d.channel_id))}`;
    case 'MESSAGE_DELETE_BULK':
      return `🗑 ${(d.ids as unknown[]).length} messages were deleted in #${names.channel(String(d.channel_id))}`;
    case 'THREAD_CREATE':
      return `🧵 thread "${clean(String(d.name ?? ''))}" created`;
    case 'MESSAGE_REACTION_REMOVE': {
      const emoji = d.emoji as { name?: string | null } | undefined;
      return `✂ ${names.user(String(d.user_id))}'s ${clean(emoji?.name ?? '?')} reaction was removed in #${names.channel(String(d.channel_id))}`;
    }
    default:
      return null;
  }
}
