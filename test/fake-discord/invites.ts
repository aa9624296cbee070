import { randomBytes } from 'node:crypto';
import { ApiError, unknown } from './api-error.ts';
import { dispatch, type FakeContext } from './context.ts';
import { addMember } from './member-ops.ts';
import { renderUser } from './render.ts';
import type { StoredGuild, StoredMember, World } from './world.ts';

/**
 * Guild invites: codes, expiry (`max_age` seconds from creation), use counts (`max_uses`, 0 = unlimited) and a
 * per-guild vanity code. An expired invite is gone (10006), as on Discord; one that reaches its `max_uses` is
 * deleted with INVITE_DELETE.
 */

export interface StoredInvite {
  code: string;
  guild_id: string;
  channel_id: string;
  /** Null for a vanity invite. */
  inviter_id: string | null;
  created_at: string;
  max_age: number;
  max_uses: number;
  uses: number;
  temporary: boolean;
  vanity: boolean;
}

export interface NewInvite {
  channelId: string;
  inviterId: string;
  maxAge?: number | null | undefined;
  maxUses?: number | null | undefined;
  temporary?: boolean | null | undefined;
  unique?: boolean | null | undefined;
  /** Backdates the invite (ISO time), so a test can make one that has already expired. */
  createdAt?: string | undefined;
}

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function newCode(world: World): string {
  for (;;) {
    const bytes = randomBytes(8);
    let code = '';
    for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    if (!world.invites.has(code)) return code;
  }
}

export function expiresAt(invite: StoredInvite): string | null {
  if (invite.max_age === 0) return null;
  return new Date(Date.parse(invite.created_at) + invite.max_age * 1000).toISOString();
}

export function isExpired(invite: StoredInvite, now = Date.now()): boolean {
  const expiry = expiresAt(invite);
  return expiry !== null && Date.parse(expiry) <= now;
}

/** The live invite with this code; expired invites are dropped on the way, as Discord forgets them. */
export function findInvite(world: World, code: string): StoredInvite {
  const invite = world.invites.get(code);
  if (!invite) throw unknown('invite');
  if (isExpired(invite)) {
    world.invites.delete(code);
    throw unknown('invite');
  }
  return invite;
}

/** Live invites of a guild (or of one channel), oldest first. */
export function guildInvites(world: World, guildId: string, channelId?: string): StoredInvite[] {
  const list: StoredInvite[] = [];
  for (const invite of [...world.invites.values()]) {
    if (invite.guild_id !== guildId || invite.vanity) continue;
    if (channelId && invite.channel_id !== channelId) continue;
    if (isExpired(invite)) world.invites.delete(invite.code);
    else list.push(invite);
  }
  return list;
}

export interface RenderInviteOptions {
  /** Adds uses, max_uses, max_age, temporary and created_at (lists, create, delete). */
  metadata: boolean;
  /** Adds approximate_member_count and approximate_presence_count (`with_counts`). */
  counts: boolean;
}

/** The invite object (type 0, guild invite) as Discord returns it. */
export function renderInvite(
  world: World,
  invite: StoredInvite,
  options: RenderInviteOptions,
): Record<string, unknown> {
  const guild = world.guild(invite.guild_id);
  const channel = world.channels.get(invite.channel_id);
  const body: Record<string, unknown> = {
    type: 0,
    code: invite.code,
    expires_at: expiresAt(invite),
    flags: 0,
    guild: renderInviteGuild(guild),
    guild_id: guild.id,
    channel: { id: invite.channel_id, type: channel?.type ?? 0, name: channel?.name ?? null },
  };
  if (invite.inviter_id) body.inviter = renderUser(world, invite.inviter_id);
  if (options.counts) {
    body.approximate_member_count = guild.members.size;
    body.approximate_presence_count = [...guild.presences.values()].filter(
      (p) => p.status !== 'offline' && p.status !== 'invisible',
    ).length;
  }
  if (options.metadata) {
    body.uses = invite.uses;
    body.max_uses = invite.max_uses;
    body.max_age = invite.max_age;
    body.temporary = invite.temporary;
    body.created_at = invite.created_at;
  }
  return body;
}

function renderInviteGuild(guild: StoredGuild): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    splash: null,
    banner: null,
    description: guild.description,
    icon: guild.icon,
    features: guild.vanity_url_code ? ['VANITY_URL'] : [],
    verification_level: 0,
    vanity_url_code: guild.vanity_url_code ?? null,
    nsfw_level: 0,
    nsfw: false,
    premium_subscription_count: 0,
  };
}

/** INVITE_CREATE's payload. */
function inviteCreateEvent(world: World, invite: StoredInvite): Record<string, unknown> {
  return {
    channel_id: invite.channel_id,
    code: invite.code,
    created_at: invite.created_at,
    guild_id: invite.guild_id,
    ...(invite.inviter_id ? { inviter: renderUser(world, invite.inviter_id) } : {}),
    max_age: invite.max_age,
    max_uses: invite.max_uses,
    temporary: invite.temporary,
    uses: invite.uses,
    expires_at: expiresAt(invite),
  };
}

/**
 * Creates an invite (INVITE_CREATE). Without `unique`, an existing live invite of the same inviter, channel and
 * settings is returned instead, as Discord does.
 */
export function createInvite(ctx: FakeContext, input: NewInvite): { invite: StoredInvite; created: boolean } {
  const { world } = ctx;
  const channel = world.channel(input.channelId);
  if (!channel.guild_id || channel.type === 1 || channel.type === 3 || (channel.type >= 10 && channel.type <= 12))
    throw new ApiError(400, 50024, 'Cannot execute action on this channel type');
  const maxAge = input.maxAge ?? 86400;
  const maxUses = input.maxUses ?? 0;
  const temporary = input.temporary ?? false;
  if (!input.unique && !input.createdAt) {
    const same = guildInvites(world, channel.guild_id, channel.id).find(
      (i) =>
        i.inviter_id === input.inviterId && i.max_age === maxAge && i.max_uses === maxUses && i.temporary === temporary,
    );
    if (same) return { invite: same, created: false };
  }
  const invite: StoredInvite = {
    code: newCode(world),
    guild_id: channel.guild_id,
    channel_id: channel.id,
    inviter_id: input.inviterId,
    created_at: input.createdAt ?? world.nowIso(),
    max_age: maxAge,
    max_uses: maxUses,
    uses: 0,
    temporary,
    vanity: false,
  };
  world.invites.set(invite.code, invite);
  dispatch(ctx, 'INVITE_CREATE', inviteCreateEvent(world, invite), { guildId: invite.guild_id });
  return { invite, created: true };
}

export function deleteInvite(ctx: FakeContext, invite: StoredInvite): void {
  ctx.world.invites.delete(invite.code);
  dispatch(
    ctx,
    'INVITE_DELETE',
    { channel_id: invite.channel_id, guild_id: invite.guild_id, code: invite.code },
    { guildId: invite.guild_id },
  );
}

/** Sets (or clears, with null) a guild's vanity code; it resolves like an invite to `channelId`. */
export function setVanityCode(world: World, guild: StoredGuild, code: string | null, channelId: string): void {
  if (code && code !== guild.vanity_url_code && world.invites.has(code))
    throw new ApiError(400, 50020, 'Invite code is either invalid or taken');
  if (guild.vanity_url_code) world.invites.delete(guild.vanity_url_code);
  guild.vanity_url_code = code;
  if (!code) return;
  world.invites.set(code, {
    code,
    guild_id: guild.id,
    channel_id: channelId,
    inviter_id: null,
    created_at: world.nowIso(),
    max_age: 0,
    max_uses: 0,
    uses: 0,
    temporary: false,
    vanity: true,
  });
}

/**
 * A user joins through an invite: its uses go up, GUILD_MEMBER_ADD is sent, and an invite that has reached its
 * `max_uses` is deleted (INVITE_DELETE). Unknown or expired codes and banned users are refused.
 */
export function joinWithInvite(
  ctx: FakeContext,
  code: string,
  userId: string,
): { guild: StoredGuild; member: StoredMember } {
  const { world } = ctx;
  const invite = findInvite(world, code);
  const guild = world.guild(invite.guild_id);
  world.user(userId);
  if (guild.bans.has(userId)) throw new ApiError(403, 40007, 'The user is banned from this guild.');
  if (guild.members.has(userId)) throw new ApiError(400, 40063, 'The user is already a member of this guild.');
  invite.uses += 1;
  const member = addMember(ctx, guild, userId);
  if (invite.max_uses > 0 && invite.uses >= invite.max_uses) deleteInvite(ctx, invite);
  return { guild, member };
}
