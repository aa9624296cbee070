import type { APIGuildMember } from 'discord-api-types/v10';
import type { ControlRuntime } from './control-ops.ts';
import { createInvite, guildInvites, joinWithInvite, renderInvite, setVanityCode } from './invites.ts';
import { renderMember } from './render.ts';

/** Control operations for invites: members create them, join with them; tests read them and set vanity codes. */
export const inviteControlOps = {
  /**
   * A member creates an invite to a channel (INVITE_CREATE). `maxAge` seconds (0 = never expires, default 86400),
   * `maxUses` (0 = unlimited); `createdAt` backdates it, so a test can make an expired invite.
   */
  createInvite: (
    rt: ControlRuntime,
    input: {
      channelId: string;
      userId: string;
      maxAge?: number;
      maxUses?: number;
      temporary?: boolean;
      createdAt?: string;
    },
  ): Record<string, unknown> => {
    const { invite } = createInvite(rt.ctx, {
      channelId: input.channelId,
      inviterId: input.userId,
      maxAge: input.maxAge,
      maxUses: input.maxUses,
      temporary: input.temporary,
      unique: true,
      createdAt: input.createdAt,
    });
    return renderInvite(rt.ctx.world, invite, { metadata: true, counts: false });
  },

  /** The user joins the invite's guild through it: uses + 1, GUILD_MEMBER_ADD; unknown/expired codes are refused. */
  joinWithInvite: (rt: ControlRuntime, input: { code: string; userId: string }): APIGuildMember => {
    const { guild } = joinWithInvite(rt.ctx, input.code, input.userId);
    return renderMember(rt.ctx.world, guild, input.userId);
  },

  /** Live invites of a guild with their use counts (vanity code excluded). */
  invites: (rt: ControlRuntime, input: { guildId: string }): Record<string, unknown>[] =>
    guildInvites(rt.ctx.world, input.guildId).map((i) =>
      renderInvite(rt.ctx.world, i, { metadata: true, counts: false }),
    ),

  /** Gives a guild a vanity code (or removes it with null) that resolves to `channelId` (default: first text channel). */
  setVanityCode: (
    rt: ControlRuntime,
    input: { guildId: string; code: string | null; channelId?: string },
  ): { code: string | null } => {
    const { world } = rt.ctx;
    const guild = world.guild(input.guildId);
    const channelId =
      input.channelId ?? world.guildChannels(guild.id).find((c) => c.type === 0)?.id ?? guild.system_channel_id ?? '';
    setVanityCode(world, guild, input.code, channelId);
    return { code: guild.vanity_url_code ?? null };
  },
};
