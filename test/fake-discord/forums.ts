/**
 * Forum channels (type 15) and their posts: a post is a public thread (type 11) whose starter message has the
 * thread's id, created together with its first message; THREAD_CREATE (with `newly_created`) comes first, then the
 * message's MESSAGE_CREATE, as on Discord. Tags come from the forum's `available_tags`; a forum with the REQUIRE_TAG
 * flag refuses a post without one.
 */
import type { APIEmbed, APIGuildForumTag } from 'discord-api-types/v10';
import { ApiError } from './api-error.ts';
import type { FakeContext } from './context.ts';
import { emitChannel } from './member-ops.ts';
import { type AllowedMentions, createMessage } from './message-ops.ts';
import type { StoredChannel, StoredMessage } from './world.ts';

/** Channel flag: a post must carry at least one tag. */
export const REQUIRE_TAG = 1 << 4;
const MAX_TAGS = 5;

export function isForum(channel: StoredChannel): boolean {
  return channel.type === 15 || channel.type === 16;
}

export interface ForumPostInput {
  ownerId: string;
  name: string;
  content?: string | null | undefined;
  embeds?: APIEmbed[] | null | undefined;
  allowedMentions?: AllowedMentions | null | undefined;
  /** Tag ids, from the forum's available_tags. */
  appliedTags?: string[] | undefined;
  autoArchiveDuration?: number | undefined;
  rateLimitPerUser?: number | undefined;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, 50035, 'Invalid Form Body', {
    [field]: { _errors: [{ code: 'BASE_TYPE_INVALID', message }] },
  });
}

export function createForumPost(
  ctx: FakeContext,
  forum: StoredChannel,
  input: ForumPostInput,
): { thread: StoredChannel; message: StoredMessage } {
  const { world } = ctx;
  if (!isForum(forum)) throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw invalid('name', 'Must be between 1 and 100 in length.');
  if (!input.content && !input.embeds?.length) throw new ApiError(400, 50006, 'Cannot send an empty message');
  const tags = [...new Set(input.appliedTags ?? [])];
  if (tags.length > MAX_TAGS) throw invalid('applied_tags', `Must be ${MAX_TAGS} or fewer in length.`);
  const known = new Set((forum.available_tags ?? []).map((t) => t.id));
  for (const tag of tags) if (!known.has(tag)) throw invalid('applied_tags', `Unknown tag ${tag}.`);
  if ((forum.flags ?? 0) & REQUIRE_TAG && tags.length === 0) {
    throw new ApiError(400, 40067, 'A tag is required to create a forum post in this channel');
  }
  const now = world.nowIso();
  const thread: StoredChannel = {
    id: world.ids.next(),
    type: 11,
    name,
    parent_id: forum.id,
    owner_id: input.ownerId,
    last_message_id: null,
    rate_limit_per_user: input.rateLimitPerUser ?? 0,
    message_count: 0,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: input.autoArchiveDuration ?? 4320,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
    },
    threadMembers: new Set([input.ownerId]),
    applied_tags: tags,
    flags: 0,
  };
  if (forum.guild_id) thread.guild_id = forum.guild_id;
  world.channels.set(thread.id, thread);
  emitChannel(ctx, 'THREAD_CREATE', thread, { newly_created: true });
  const message = createMessage(ctx, {
    id: thread.id,
    channel: thread,
    authorId: input.ownerId,
    content: input.content,
    embeds: input.embeds,
    allowedMentions: input.allowedMentions,
  });
  // The starter message is not counted (Discord's message_count leaves it out).
  thread.message_count = 0;
  thread.total_message_sent = 0;
  forum.last_message_id = thread.id;
  return { thread, message };
}

/** A tag for a forum's available_tags. */
export function newForumTag(id: string, name: string, moderated = false): APIGuildForumTag {
  return { id, name, moderated, emoji_id: null, emoji_name: null };
}
