import { PermissionFlagsBits } from 'discord-api-types/v10';
import { missingAccess, missingPermissions } from './api-error.ts';
import type { DispatchScope, Gateway } from './gateway.ts';
import { channelPermissions } from './permissions.ts';
import type { FakeVoiceServer } from './voice/voice-server.ts';
import type { StoredChannel, World } from './world.ts';

/** What REST handlers and member actions share: the state, the gateway and the server's settings. */
export interface FakeContext {
  world: World;
  gateway: Gateway;
  token: string;
  /** http://127.0.0.1:PORT */
  baseUrl: () => string;
  /** Time allowed for the initial interaction response (Discord: 3 s); later callbacks get 10062. */
  interactionTimeoutMs: number;
  /** Uploaded file bytes, served at /attachments/{channel}/{id}/{filename}. */
  attachments: Map<string, { data: Buffer; contentType: string }>;
  /** The voice server, when the emulator was started with `voice`. */
  voice?: FakeVoiceServer | null;
}

export function dispatch(ctx: FakeContext, t: string, d: unknown, scope: DispatchScope = {}): void {
  ctx.gateway.dispatch(t, d, scope);
}

/** Throws 50001 without VIEW_CHANNEL and 50013 without any of `bits`; DMs are always allowed. */
export function requireChannelPermission(
  ctx: FakeContext,
  channel: StoredChannel,
  userId: string,
  ...bits: bigint[]
): void {
  if (!channel.guild_id) return;
  const guild = ctx.world.guild(channel.guild_id);
  const perms = channelPermissions(ctx.world, guild, channel, userId);
  if (!(perms & PermissionFlagsBits.ViewChannel)) throw missingAccess();
  for (const bit of bits) if ((perms & bit) !== bit) throw missingPermissions();
}

export function hasChannelPermission(ctx: FakeContext, channel: StoredChannel, userId: string, bit: bigint): boolean {
  if (!channel.guild_id) return true;
  const guild = ctx.world.guild(channel.guild_id);
  return (channelPermissions(ctx.world, guild, channel, userId) & bit) === bit;
}
