/**
 * The server group: channels, roles, emoji and invites created, changed and deleted. Discord has no invite update
 * event (an invite cannot be edited), so invites are logged when created and deleted.
 */
import type { GuildChannel, GuildEmoji, Invite, Role } from 'discord.js';
import type { BotContext } from '#discord/context.ts';
import { defineEvent } from '#discord/module.ts';
import { type EntryTone, logEntry } from './log-entry.ts';
import { postTo, type RuntimeRef, routeOf, settingsOf } from './runtime.ts';

type Change = { name: string; before: string; after: string };

function changed(name: string, before: unknown, after: unknown): Change[] {
  const b = before === null || before === undefined || before === '' ? '(none)' : String(before);
  const a = after === null || after === undefined || after === '' ? '(none)' : String(after);
  return b === a ? [] : [{ name, before: b, after: a }];
}

function post(
  ctx: BotContext,
  rt: RuntimeRef,
  guildId: string,
  about: { channelId?: string | null; userId?: string | null },
  tone: EntryTone,
  title: string,
  description: string,
  changes: Change[] = [],
  ids = '',
): void {
  const r = rt();
  if (!r) return;
  const channelId = routeOf(settingsOf(ctx, guildId), 'server', about);
  postTo(
    r,
    channelId,
    logEntry({
      tone,
      title,
      description,
      fields: changes.map((c) => ({ name: c.name, value: `${c.before} → ${c.after}` })),
      ids,
    }),
  );
}

function channelChanges(a: GuildChannel, b: GuildChannel): Change[] {
  const topic = (c: GuildChannel) => ('topic' in c ? c.topic : null);
  const nsfw = (c: GuildChannel) => ('nsfw' in c ? c.nsfw : null);
  const out = [
    ...changed('Name', a.name, b.name),
    ...changed('Topic', topic(a), topic(b)),
    ...changed('Category', a.parentId ? `<#${a.parentId}>` : null, b.parentId ? `<#${b.parentId}>` : null),
    ...changed('Age-restricted', nsfw(a), nsfw(b)),
  ];
  const overwrites = (c: GuildChannel) =>
    JSON.stringify(
      [...c.permissionOverwrites.cache.values()]
        .map((o) => [o.id, o.allow.bitfield.toString(), o.deny.bitfield.toString()])
        .sort(),
    );
  if (overwrites(a) !== overwrites(b)) out.push({ name: 'Permissions', before: 'overwrites', after: 'changed' });
  return out;
}

function roleChanges(a: Role, b: Role): Change[] {
  return [
    ...changed('Name', a.name, b.name),
    ...changed('Colour', a.hexColor, b.hexColor),
    ...changed('Permissions', a.permissions.toArray().join(', '), b.permissions.toArray().join(', ')),
    ...changed('Shown separately', a.hoist, b.hoist),
    ...changed('Mentionable', a.mentionable, b.mentionable),
  ];
}

const emojiText = (e: GuildEmoji) => `<${e.animated ? 'a' : ''}:${e.name}:${e.id}> \`:${e.name}:\``;

function inviteText(i: Invite): string {
  const parts = [`\`${i.code}\``];
  if (i.channelId) parts.push(`to <#${i.channelId}>`);
  if (i.inviterId) parts.push(`by <@${i.inviterId}>`);
  if (i.maxUses) parts.push(`max ${i.maxUses} uses`);
  if (i.maxAge) parts.push(`expires after ${Math.round(i.maxAge / 3600)} h`);
  return parts.join(' ');
}

export function serverEvents(rt: RuntimeRef) {
  return [
    defineEvent({
      event: 'channelCreate',
      run: (ctx, c) =>
        post(
          ctx,
          rt,
          c.guild.id,
          { channelId: c.id },
          'create',
          'Channel created',
          `<#${c.id}> (${c.name})`,
          [],
          `channel ${c.id}`,
        ),
    }),
    defineEvent({
      event: 'channelDelete',
      run(ctx, c) {
        if (c.isDMBased()) return;
        post(
          ctx,
          rt,
          c.guild.id,
          { channelId: c.id },
          'delete',
          'Channel deleted',
          `#${c.name}`,
          [],
          `channel ${c.id}`,
        );
      },
    }),
    defineEvent({
      event: 'channelUpdate',
      run(ctx, a, b) {
        if (a.isDMBased() || b.isDMBased()) return;
        const changes = channelChanges(a as GuildChannel, b as GuildChannel);
        if (changes.length === 0) return;
        post(
          ctx,
          rt,
          b.guild.id,
          { channelId: b.id },
          'update',
          'Channel changed',
          `<#${b.id}>`,
          changes,
          `channel ${b.id}`,
        );
      },
    }),
    defineEvent({
      event: 'roleCreate',
      run: (ctx, role) =>
        post(
          ctx,
          rt,
          role.guild.id,
          {},
          'create',
          'Role created',
          `<@&${role.id}> (${role.name})`,
          [],
          `role ${role.id}`,
        ),
    }),
    defineEvent({
      event: 'roleDelete',
      run: (ctx, role) =>
        post(ctx, rt, role.guild.id, {}, 'delete', 'Role deleted', `@${role.name}`, [], `role ${role.id}`),
    }),
    defineEvent({
      event: 'roleUpdate',
      run(ctx, a, b) {
        const changes = roleChanges(a, b);
        if (changes.length === 0) return;
        post(ctx, rt, b.guild.id, {}, 'update', 'Role changed', `<@&${b.id}>`, changes, `role ${b.id}`);
      },
    }),
    defineEvent({
      event: 'emojiCreate',
      run: (ctx, e) => post(ctx, rt, e.guild.id, {}, 'create', 'Emoji added', emojiText(e), [], `emoji ${e.id}`),
    }),
    defineEvent({
      event: 'emojiDelete',
      run: (ctx, e) => post(ctx, rt, e.guild.id, {}, 'delete', 'Emoji removed', `\`:${e.name}:\``, [], `emoji ${e.id}`),
    }),
    defineEvent({
      event: 'emojiUpdate',
      run(ctx, a, b) {
        const changes = changed('Name', a.name, b.name);
        if (changes.length)
          post(ctx, rt, b.guild.id, {}, 'update', 'Emoji changed', emojiText(b), changes, `emoji ${b.id}`);
      },
    }),
    defineEvent({
      event: 'inviteCreate',
      run(ctx, invite) {
        rt()?.invites.created(invite);
        if (!invite.guild) return;
        post(
          ctx,
          rt,
          invite.guild.id,
          { channelId: invite.channelId, userId: invite.inviterId },
          'create',
          'Invite created',
          inviteText(invite),
        );
      },
    }),
    defineEvent({
      event: 'inviteDelete',
      run(ctx, invite) {
        rt()?.invites.deleted(invite);
        if (!invite.guild) return;
        post(
          ctx,
          rt,
          invite.guild.id,
          { channelId: invite.channelId },
          'delete',
          'Invite deleted',
          `\`${invite.code}\``,
        );
      },
    }),
  ];
}
