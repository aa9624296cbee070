/**
 * Who may control the music: the same rules for commands and the now-playing buttons. A member must be in the
 * player's voice channel; skipping, stopping, removing or moving a track someone else queued needs DJ rights.
 */

import type { GuildMember } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { UserError } from '#discord/commands/index.ts';
import type { GuildPlayer } from './guild-player.ts';
import type { MusicManager } from './music-manager.ts';
import type { QueuedTrack } from './queue-store.ts';
import type { MusicSettings } from './settings.ts';

/** The voice channel the member is in; refuses when none. */
export function memberChannel(member: GuildMember | null): string {
  const channelId = member?.voice.channelId;
  if (!channelId) throw new UserError('music.not-in-voice', 'Join a voice channel first.', {}, 'Not in Voice');
  return channelId;
}

/** The guild's player, with the member in its channel. */
export function playerFor(manager: MusicManager, guildId: string, member: GuildMember | null): GuildPlayer {
  const player = manager.get(guildId);
  if (!player) throw new UserError('music.not-playing', 'Nothing is playing in this server.', {}, 'Not Playing');
  const channelId = memberChannel(member);
  if (channelId !== player.voiceChannelId)
    throw new UserError(
      'music.other-channel',
      `I'm playing in <#${player.voiceChannelId}>: join that channel to control the music.`,
      {},
      'Different Channel',
    );
  return player;
}

/** DJ rights over a track: its requester, the DJ role, Manage Server / Move Members, or alone with the bot. */
export function requireDj(
  member: GuildMember | null,
  settings: MusicSettings,
  track: QueuedTrack | undefined,
  verb: string,
): void {
  if (!member || !track || track.requestedBy === member.id) return;
  if (settings.dj_role && member.roles.cache.has(settings.dj_role)) return;
  if (
    member.permissions.has(PermissionFlagsBits.ManageGuild) ||
    member.permissions.has(PermissionFlagsBits.MoveMembers)
  )
    return;
  const channel = member.voice.channel;
  if (channel && channel.members.filter((m) => !m.user.bot).size <= 1) return;
  throw new UserError(
    'music.not-dj',
    `Only ${settings.dj_role ? `the <@&${settings.dj_role}> role` : 'staff'} or <@${track.requestedBy}>, who queued **${track.title}**, can ${verb} it.`,
    {},
    'DJ Only',
  );
}
