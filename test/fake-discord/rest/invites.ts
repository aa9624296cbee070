// @ts-expect-error: the package's ./zod export has no declaration file
import * as specModule from 'discord-api-spec/zod';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type * as z from 'zod/mini';
import { missingPermissions } from '../api-error.ts';
import { type FakeContext, hasChannelPermission, requireChannelPermission } from '../context.ts';
import { createInvite, deleteInvite, findInvite, guildInvites, renderInvite } from '../invites.ts';
import { basePermissions, requireGuildPermission } from '../permissions.ts';
import type { RestRouter } from '../rest-router.ts';
import { schemaIssues, throwIfIssues } from '../validation.ts';

/** Invites: create and list (per channel, per guild), resolve (with counts), revoke, and the guild's vanity URL. */

/** The spec's body for this route is a union with group-DM invites, which accepts anything; guild invites are checked here. */
const guildInviteSchema = (specModule as Record<string, z.ZodMiniType>).CreateGuildInviteRequestSchema!;

interface CreateInviteBody {
  max_age?: number | null;
  max_uses?: number | null;
  temporary?: boolean | null;
  unique?: boolean | null;
}

export function registerInviteRoutes(router: RestRouter, ctx: FakeContext): void {
  const { world } = ctx;
  const bot = () => world.botId;
  const flag = (value: string | null) => value === 'true' || value === '1';

  router.add('POST', '/channels/{channel_id}/invites', (r) => {
    const channel = world.channel(r.params.channel_id!);
    throwIfIssues(schemaIssues(guildInviteSchema, r.body));
    requireChannelPermission(ctx, channel, bot(), PermissionFlagsBits.CreateInstantInvite);
    const body = (r.body ?? {}) as CreateInviteBody;
    const { invite } = createInvite(ctx, {
      channelId: channel.id,
      inviterId: bot(),
      maxAge: body.max_age,
      maxUses: body.max_uses,
      temporary: body.temporary,
      unique: body.unique,
    });
    return { status: 200, body: renderInvite(world, invite, { metadata: true, counts: false }) };
  });

  router.add('GET', '/channels/{channel_id}/invites', (r) => {
    const channel = world.channel(r.params.channel_id!);
    requireChannelPermission(ctx, channel, bot(), PermissionFlagsBits.ManageChannels);
    const list = channel.guild_id ? guildInvites(world, channel.guild_id, channel.id) : [];
    return { status: 200, body: list.map((i) => renderInvite(world, i, { metadata: true, counts: false })) };
  });

  router.add('GET', '/guilds/{guild_id}/invites', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageGuild);
    const list = guildInvites(world, guild.id);
    return { status: 200, body: list.map((i) => renderInvite(world, i, { metadata: true, counts: false })) };
  });

  router.add('GET', '/guilds/{guild_id}/vanity-url', (r) => {
    const guild = world.guild(r.params.guild_id!);
    requireGuildPermission(guild, bot(), PermissionFlagsBits.ManageGuild);
    const code = guild.vanity_url_code ?? null;
    return { status: 200, body: { code, uses: code ? (world.invites.get(code)?.uses ?? 0) : 0 } };
  });

  // Resolving needs no permission: anyone with the code may look at it. `with_expiration` is always on now.
  router.add('GET', '/invites/{code}', (r) => {
    const invite = findInvite(world, r.params.code!);
    return {
      status: 200,
      body: renderInvite(world, invite, { metadata: false, counts: flag(r.query.get('with_counts')) }),
    };
  });

  router.add('DELETE', '/invites/{code}', (r) => {
    const invite = findInvite(world, r.params.code!);
    const guild = world.guild(invite.guild_id);
    const channel = world.channels.get(invite.channel_id);
    const manageGuild = (basePermissions(guild, bot()) & PermissionFlagsBits.ManageGuild) !== 0n;
    const manageChannel = channel
      ? hasChannelPermission(ctx, channel, bot(), PermissionFlagsBits.ManageChannels)
      : false;
    if (invite.vanity || !(manageGuild || manageChannel)) throw missingPermissions();
    deleteInvite(ctx, invite);
    return { status: 200, body: renderInvite(world, invite, { metadata: true, counts: false }) };
  });
}
