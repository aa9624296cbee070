import { type APIOverwrite, AuditLogEvent, PermissionFlagsBits } from 'discord-api-types/v10';
import { ApiError, missingPermissions, unknown } from '../api-error.ts';
import { recordAuditEntry } from '../audit-log.ts';
import { dispatch, type FakeContext, requireChannelPermission } from '../context.ts';
import { isForum } from '../forums.ts';
import { emitChannel } from '../member-ops.ts';
import { renderChannel, renderMessageEvent, renderUser } from '../render.ts';
import type { RestRequest, RestRouter } from '../rest-router.ts';
import { disconnectChannel } from '../voice-states.ts';
import type { StoredChannel } from '../world.ts';
import { createForumPostRoute } from './forum-posts.ts';

/** Channels, permission overwrites, threads, DMs and users. */

interface ChannelPatch {
  name?: string | null;
  topic?: string | null;
  nsfw?: boolean | null;
  rate_limit_per_user?: number | null;
  position?: number | null;
  parent_id?: string | null;
  bitrate?: number | null;
  user_limit?: number | null;
  permission_overwrites?:
    | { id: string; type?: number | null; allow?: string | number | null; deny?: string | number | null }[]
    | null;
  archived?: boolean | null;
  locked?: boolean | null;
  auto_archive_duration?: number | null;
  invitable?: boolean | null;
}

interface ThreadBody {
  name: string;
  auto_archive_duration?: number | null;
  type?: number | null;
  invitable?: boolean | null;
  rate_limit_per_user?: number | null;
  message?: { content?: string };
}

function overwrite(o: {
  id: string;
  type?: number | null;
  allow?: string | number | null;
  deny?: string | number | null;
}): APIOverwrite {
  return {
    id: o.id,
    type: (o.type ?? 0) as APIOverwrite['type'],
    allow: String(o.allow ?? 0),
    deny: String(o.deny ?? 0),
  };
}

export function registerChannelRoutes(router: RestRouter, ctx: FakeContext): void {
  const { world } = ctx;
  const bot = () => world.botId;

  const isThread = (c: StoredChannel) => c.type === 10 || c.type === 11 || c.type === 12;

  router.add('GET', '/channels/{channel_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, bot());
    return { status: 200, body: renderChannel(world, channel) };
  });

  router.add('PATCH', '/channels/{channel_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    const body = (r.body ?? {}) as ChannelPatch;
    if (isThread(channel)) {
      if (channel.owner_id !== bot()) requireChannelPermission(ctx, channel, bot(), PermissionFlagsBits.ManageThreads);
    } else requireChannelPermission(ctx, channel, bot(), PermissionFlagsBits.ManageChannels);
    if (body.permission_overwrites) requireChannelPermission(ctx, channel, bot(), PermissionFlagsBits.ManageRoles);
    if (body.name) channel.name = body.name;
    if (body.topic !== undefined) channel.topic = body.topic;
    if (body.nsfw !== undefined && body.nsfw !== null) channel.nsfw = body.nsfw;
    if (body.rate_limit_per_user !== undefined && body.rate_limit_per_user !== null)
      channel.rate_limit_per_user = body.rate_limit_per_user;
    if (body.position !== undefined && body.position !== null) channel.position = body.position;
    if (body.parent_id !== undefined) channel.parent_id = body.parent_id;
    if (body.bitrate !== undefined && body.bitrate !== null) channel.bitrate = body.bitrate;
    if (body.user_limit !== undefined && body.user_limit !== null) channel.user_limit = body.user_limit;
    if (body.permission_overwrites) channel.permission_overwrites = body.permission_overwrites.map(overwrite);
    if (channel.thread_metadata) {
      if (body.archived !== undefined && body.archived !== null) {
        channel.thread_metadata.archived = body.archived;
        channel.thread_metadata.archive_timestamp = world.nowIso();
      }
      if (body.locked !== undefined && body.locked !== null) channel.thread_metadata.locked = body.locked;
      if (body.auto_archive_duration) channel.thread_metadata.auto_archive_duration = body.auto_archive_duration;
      if (body.invitable !== undefined && body.invitable !== null) channel.thread_metadata.invitable = body.invitable;
    }
    emitChannel(ctx, isThread(channel) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', channel);
    return { status: 200, body: renderChannel(world, channel) };
  });

  router.add('DELETE', '/channels/{channel_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    if (channel.type === 1) return { status: 200, body: renderChannel(world, channel) };
    requireChannelPermission(
      ctx,
      channel,
      bot(),
      isThread(channel) ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels,
    );
    disconnectChannel(ctx, channel);
    world.channels.delete(channel.id);
    for (const message of world.messages.values())
      if (message.channel_id === channel.id) world.messages.delete(message.id);
    if (isThread(channel)) {
      dispatch(
        ctx,
        'THREAD_DELETE',
        { id: channel.id, guild_id: channel.guild_id, parent_id: channel.parent_id, type: channel.type },
        { guildId: channel.guild_id },
      );
    } else {
      emitChannel(ctx, 'CHANNEL_DELETE', channel);
      if (channel.guild_id)
        recordAuditEntry(ctx, world.guild(channel.guild_id), {
          actionType: AuditLogEvent.ChannelDelete,
          userId: world.botId,
          targetId: channel.id,
          reason: r.auditLogReason,
        });
    }
    return { status: 200, body: renderChannel(world, channel) };
  });

  router.add('PUT', '/channels/{channel_id}/permissions/{overwrite_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, bot(), PermissionFlagsBits.ManageRoles);
    const body = (r.body ?? {}) as {
      type?: number | null;
      allow?: string | number | null;
      deny?: string | number | null;
    };
    const list = channel.permission_overwrites ?? [];
    channel.permission_overwrites = list;
    const next = overwrite({ id: r.params.overwrite_id!, ...body });
    const index = list.findIndex((o) => o.id === next.id);
    if (index >= 0) list[index] = next;
    else list.push(next);
    emitChannel(ctx, 'CHANNEL_UPDATE', channel);
    return { status: 204 };
  });

  router.add('DELETE', '/channels/{channel_id}/permissions/{overwrite_id}', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, bot(), PermissionFlagsBits.ManageRoles);
    channel.permission_overwrites = (channel.permission_overwrites ?? []).filter((o) => o.id !== r.params.overwrite_id);
    emitChannel(ctx, 'CHANNEL_UPDATE', channel);
    return { status: 204 };
  });

  // Threads
  const createThread = (r: RestRequest, fromMessageId: string | null) => {
    const parent = world.channel(r.params.channel_id!);
    if (!fromMessageId && isForum(parent)) return createForumPostRoute(ctx, parent, r.body);
    const body = (r.body ?? {}) as ThreadBody;
    const type = fromMessageId ? (parent.type === 5 ? 10 : 11) : (body.type ?? 12);
    requireChannelPermission(
      ctx,
      parent,
      bot(),
      type === 12 ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads,
    );
    if (fromMessageId) {
      const message = world.message(parent.id, fromMessageId);
      if (message.thread_id) throw new ApiError(400, 160004, 'A thread has already been created for this message');
    }
    const now = world.nowIso();
    const thread: StoredChannel = {
      id: fromMessageId ?? world.ids.next(),
      type,
      name: body.name,
      parent_id: parent.id,
      owner_id: bot(),
      last_message_id: null,
      rate_limit_per_user: body.rate_limit_per_user ?? 0,
      message_count: 0,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: body.auto_archive_duration ?? 4320,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
        ...(type === 12 ? { invitable: body.invitable ?? true } : {}),
      },
      threadMembers: new Set([bot()]),
      flags: 0,
    };
    if (parent.guild_id) thread.guild_id = parent.guild_id;
    world.channels.set(thread.id, thread);
    emitChannel(ctx, 'THREAD_CREATE', thread, { newly_created: true });
    if (fromMessageId) {
      const message = world.message(parent.id, fromMessageId);
      message.thread_id = thread.id;
      dispatch(ctx, 'MESSAGE_UPDATE', renderMessageEvent(world, message), { guildId: message.guild_id, message });
    }
    return { status: 201, body: renderChannel(world, thread) };
  };
  router.add('POST', '/channels/{channel_id}/messages/{message_id}/threads', (r) =>
    createThread(r, r.params.message_id!),
  );
  router.add('POST', '/channels/{channel_id}/threads', (r) => createThread(r, null));

  const threadMember = (r: RestRequest, userId: string, join: boolean) => {
    const thread = world.channel(r.params.channel_id!);
    if (!thread.threadMembers) throw unknown('channel');
    if (thread.thread_metadata?.archived) throw new ApiError(400, 50083, 'Thread is archived');
    if (userId !== bot()) {
      requireChannelPermission(ctx, thread, bot(), PermissionFlagsBits.SendMessagesInThreads);
      if (!join && thread.owner_id !== bot())
        requireChannelPermission(ctx, thread, bot(), PermissionFlagsBits.ManageThreads);
    }
    const changed = join ? !thread.threadMembers.has(userId) : thread.threadMembers.has(userId);
    if (join) thread.threadMembers.add(userId);
    else thread.threadMembers.delete(userId);
    if (changed) {
      const d: Record<string, unknown> = {
        id: thread.id,
        guild_id: thread.guild_id,
        member_count: thread.threadMembers.size,
      };
      if (join) d.added_members = [{ id: thread.id, user_id: userId, join_timestamp: world.nowIso(), flags: 0 }];
      else d.removed_member_ids = [userId];
      if (userId === bot()) {
        dispatch(
          ctx,
          'THREAD_MEMBER_UPDATE',
          { id: thread.id, user_id: userId, join_timestamp: world.nowIso(), flags: 0, guild_id: thread.guild_id },
          { guildId: thread.guild_id },
        );
      }
      dispatch(ctx, 'THREAD_MEMBERS_UPDATE', d, { guildId: thread.guild_id });
    }
    return { status: 204 };
  };
  router.add('PUT', '/channels/{channel_id}/thread-members/@me', (r) => threadMember(r, bot(), true));
  router.add('DELETE', '/channels/{channel_id}/thread-members/@me', (r) => threadMember(r, bot(), false));
  router.add('PUT', '/channels/{channel_id}/thread-members/{user_id}', (r) => threadMember(r, r.params.user_id!, true));
  router.add('DELETE', '/channels/{channel_id}/thread-members/{user_id}', (r) =>
    threadMember(r, r.params.user_id!, false),
  );
  router.add('GET', '/channels/{channel_id}/thread-members', (r) => {
    const thread = world.channel(r.params.channel_id!);
    const members = [...(thread.threadMembers ?? [])].map((id) => ({
      id: thread.id,
      user_id: id,
      join_timestamp: world.nowIso(),
      flags: 0,
    }));
    return { status: 200, body: members };
  });
  router.add('GET', '/channels/{channel_id}/thread-members/{user_id}', (r) => {
    const thread = world.channel(r.params.channel_id!);
    if (!thread.threadMembers?.has(r.params.user_id!)) throw unknown('member');
    return {
      status: 200,
      body: { id: thread.id, user_id: r.params.user_id, join_timestamp: world.nowIso(), flags: 0 },
    };
  });

  // Users and DMs
  router.add('GET', '/users/@me', () => ({ status: 200, body: world.botUser }));
  router.add('GET', '/users/{user_id}', (r) => ({
    status: 200,
    body: renderUser(world, world.user(r.params.user_id!).id),
  }));
  router.add('POST', '/users/@me/channels', (r) => {
    const body = (r.body ?? {}) as { recipient_id?: string };
    const recipient = world.user(body.recipient_id ?? '');
    if (recipient.id === bot()) throw missingPermissions();
    let channel = world.dmWith(recipient.id);
    if (!channel) {
      channel = { id: world.ids.next(), type: 1, recipients: [bot(), recipient.id], last_message_id: null };
      world.channels.set(channel.id, channel);
    }
    return { status: 200, body: renderChannel(world, channel) };
  });
  router.add('GET', '/users/@me/guilds', () => ({
    status: 200,
    body: [...world.guilds.values()].map((g) => ({
      id: g.id,
      name: g.name,
      icon: g.icon,
      owner: false,
      permissions: '0',
      features: [],
    })),
  }));
  router.add('DELETE', '/users/@me/guilds/{guild_id}', (r) => {
    const guild = world.guild(r.params.guild_id!);
    world.guilds.delete(guild.id);
    dispatch(ctx, 'GUILD_DELETE', { id: guild.id }, { guildId: guild.id });
    return { status: 204 };
  });
}
