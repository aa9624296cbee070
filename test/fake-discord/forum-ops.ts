import type { APIChannel, APIMessage } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { hasChannelPermission } from './context.ts';
import { ControlError } from './control-error.ts';
import type { ControlRuntime } from './control-ops.ts';
import { createForumPost, isForum, newForumTag, REQUIRE_TAG } from './forums.ts';
import { emitChannel } from './member-ops.ts';
import { renderChannel, renderMessage } from './render.ts';
import type { StoredChannel } from './world.ts';

/** Control operations for forum channels: set one up with tags, and open a post as a member. */
export const forumControlOps = {
  /**
   * Creates a forum channel (type 15) with these tags (CHANNEL_CREATE), as an admin would in the client.
   * `requireTag` sets the REQUIRE_TAG flag.
   */
  createForum: (
    rt: ControlRuntime,
    input: { guildId: string; name: string; tags?: string[]; parentId?: string; requireTag?: boolean },
  ): APIChannel => {
    const { world } = rt.ctx;
    const guild = world.guild(input.guildId);
    const siblings = [...world.channels.values()].filter((c) => c.guild_id === guild.id && !c.thread_metadata);
    const forum: StoredChannel = {
      id: world.ids.next(),
      type: 15,
      guild_id: guild.id,
      name: input.name,
      position: siblings.length,
      permission_overwrites: [],
      parent_id: input.parentId ?? null,
      nsfw: false,
      topic: null,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: input.requireTag ? REQUIRE_TAG : 0,
      available_tags: (input.tags ?? []).map((name) => newForumTag(world.ids.next(), name)),
    };
    world.channels.set(forum.id, forum);
    emitChannel(rt.ctx, 'CHANNEL_CREATE', forum);
    return renderChannel(world, forum);
  },

  /**
   * A member opens a post in a forum: a thread with its first message (THREAD_CREATE with newly_created, then
   * MESSAGE_CREATE). `tags` are tag names of the forum. Needs View Channel and Send Messages there.
   */
  openForumPost: (
    rt: ControlRuntime,
    input: { userId: string; channelId: string; name: string; content: string; tags?: string[] },
  ): { thread: APIChannel; message: APIMessage } => {
    const { ctx } = rt;
    const forum = ctx.world.channel(input.channelId);
    if (!isForum(forum)) throw new ControlError(400, `Channel ${forum.id} is not a forum.`);
    const guild = ctx.world.guild(forum.guild_id as string);
    if (!guild.members.has(input.userId)) {
      throw new ControlError(400, `User ${input.userId} is not a member of guild ${guild.id}.`);
    }
    if (
      !hasChannelPermission(
        ctx,
        forum,
        input.userId,
        PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages,
      )
    ) {
      throw new ControlError(403, `User ${input.userId} cannot post in #${forum.name}; Discord would refuse.`);
    }
    const byName = new Map((forum.available_tags ?? []).map((t) => [t.name.toLowerCase(), t.id]));
    const appliedTags = (input.tags ?? []).map((name) => {
      const id = byName.get(name.toLowerCase());
      if (!id) throw new ControlError(400, `Forum #${forum.name} has no tag "${name}".`);
      return id;
    });
    const { thread, message } = createForumPost(ctx, forum, {
      ownerId: input.userId,
      name: input.name,
      content: input.content,
      appliedTags,
    });
    return { thread: renderChannel(ctx.world, thread), message: renderMessage(ctx.world, message) };
  },
};
