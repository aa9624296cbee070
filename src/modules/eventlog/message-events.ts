/** The message group: content stored as it is sent, edits with their "before", deletions, bulk deletions. */
import type { Message } from 'discord.js';
import type { BotContext } from '#discord/context.ts';
import { defineEvent } from '#discord/module.ts';
import { clip, logEntry } from './log-entry.ts';
import type { StoredMessage } from './message-store.ts';
import { postTo, type RuntimeRef, routeOf, settingsOf } from './runtime.ts';

function toStored(message: Message<true>): StoredMessage {
  return {
    id: message.id,
    guildId: message.guildId,
    channelId: message.channelId,
    authorId: message.author.id,
    content: message.content,
    attachments: message.attachments.map((a) => ({ name: a.name, url: a.url })),
    createdAt: message.createdTimestamp,
    editedAt: message.editedTimestamp,
  };
}

const REDACTED = '(not shown: it held a secret setting, and Tux removed it)';

function attachmentsText(m: StoredMessage): string {
  return m.attachments.map((a) => `[${a.name}](${a.url})`).join('\n');
}

/** The pipeline subscriber: keeps a member's message while the server logs message events. */
export function storeMessage(rt: RuntimeRef) {
  return (ctx: BotContext, message: Message): void => {
    const r = rt();
    if (!r || !message.inGuild() || ctx.discord.redactions.has(message.id)) return;
    const s = settingsOf(ctx, message.guildId);
    if (!routeOf(s, 'messages', { channelId: message.channelId, userId: message.author.id })) return;
    r.store.put(toStored(message));
  };
}

export function messageEvents(rt: RuntimeRef) {
  return [
    defineEvent({
      event: 'messageUpdate',
      run(ctx, before, after) {
        const r = rt();
        if (!r || !after.guildId || after.author?.bot || after.webhookId) return;
        if (ctx.discord.redactions.has(after.id)) return;
        const s = settingsOf(ctx, after.guildId);
        const channelId = routeOf(s, 'messages', { channelId: after.channelId, userId: after.author?.id ?? null });
        if (!channelId || after.partial) return;
        const stored = r.store.get(after.id);
        const old = stored?.content ?? (before.partial ? null : before.content);
        if (old === after.content) return;
        const next = toStored(after as Message<true>);
        r.store.put(next);
        postTo(
          r,
          channelId,
          logEntry({
            tone: 'update',
            title: 'Message edited',
            description: `<@${after.author.id}> edited [a message](${after.url}) in <#${after.channelId}>`,
            fields: [
              {
                name: 'Before',
                value: old === null ? '(not stored: sent before message logging kept it)' : old || '(empty)',
              },
              { name: 'After', value: after.content || '(empty)' },
            ],
            ids: `author ${after.author.id} · message ${after.id}`,
          }),
        );
      },
    }),
    defineEvent({
      event: 'messageDelete',
      run(ctx, message) {
        const r = rt();
        if (!r || !message.guildId) return;
        const stored = r.store.get(message.id);
        if (!stored && message.author?.bot) return;
        const authorId = stored?.authorId ?? message.author?.id ?? null;
        const s = settingsOf(ctx, message.guildId);
        const channelId = routeOf(s, 'messages', { channelId: message.channelId, userId: authorId });
        if (stored) r.store.remove([message.id]);
        if (!channelId) return;
        // A message that held a secret is logged as deleted, never with what it said.
        const redacted = ctx.discord.redactions.has(message.id);
        const content = redacted ? REDACTED : (stored?.content ?? (message.partial ? null : message.content));
        const files = redacted
          ? ''
          : stored
            ? attachmentsText(stored)
            : message.attachments.map((a) => `[${a.name}](${a.url})`).join('\n');
        postTo(
          r,
          channelId,
          logEntry({
            tone: 'delete',
            title: 'Message deleted',
            description: `${authorId ? `<@${authorId}>’s message` : 'A message'} in <#${message.channelId}> was deleted`,
            fields: [
              { name: 'Content', value: content === null ? '(unknown: not stored)' : content || '(empty)' },
              { name: 'Attachments', value: files },
            ],
            ids: `${authorId ? `author ${authorId} · ` : ''}message ${message.id}`,
          }),
        );
      },
    }),
    defineEvent({
      event: 'messageDeleteBulk',
      run(ctx, messages, channel) {
        const r = rt();
        if (!r) return;
        const ids = [...messages.keys()];
        const stored = new Map(r.store.getMany(ids).map((m) => [m.id, m]));
        r.store.remove([...stored.keys()]);
        const s = settingsOf(ctx, channel.guildId);
        const logChannel = routeOf(s, 'messages', { channelId: channel.id });
        if (!logChannel) return;
        // Messages the store does not hold but discord.js still caches (members' only: the store skips bots).
        for (const id of ids) if (ctx.discord.redactions.has(id)) stored.delete(id);
        for (const m of messages.values()) {
          if (stored.has(m.id) || ctx.discord.redactions.has(m.id) || m.partial || m.author.bot || !m.inGuild())
            continue;
          stored.set(m.id, toStored(m));
        }
        const known = [...stored.values()]
          .filter((m) => !s.ignored_members.includes(m.authorId))
          .sort((a, b) => a.createdAt - b.createdAt);
        const names = new Map<string, string>();
        for (const m of messages.values()) if (m.author) names.set(m.author.id, m.author.tag);
        const lines = known.map((m) => {
          const who = names.get(m.authorId) ?? ctx.discord.client.users.cache.get(m.authorId)?.tag ?? 'unknown';
          const files = m.attachments.map((a) => ` [attachment ${a.name}: ${a.url}]`).join('');
          return `[${new Date(m.createdAt).toISOString()}] ${who} (${m.authorId}): ${m.content}${files}`;
        });
        const unknown = ids.length - stored.size;
        const header = [
          `${ids.length} messages deleted in #${channel.name} (${channel.id})`,
          unknown > 0 ? `${unknown} of them were not stored (sent by bots, before logging, or past retention)` : '',
          '',
        ].filter((l, i) => l || i === 2);
        const entry = logEntry({
          tone: 'delete',
          title: 'Messages bulk deleted',
          description: clip(
            `${ids.length} messages were deleted in <#${channel.id}>; ${known.length} with their content in the attached file.`,
            4096,
          ),
          ids: `channel ${channel.id}`,
        });
        postTo(r, logChannel, {
          ...entry,
          file: { name: `deleted-${channel.id}-${Date.now()}.txt`, content: `${[...header, ...lines].join('\n')}\n` },
        });
      },
    }),
  ];
}
