/** What play, skip, stop, pause, resume and loop do, shared by the commands, the playlists and the buttons. */
import type { Guild, GuildMember } from 'discord.js';
import type { Db } from '#core/db/types.ts';
import { UserError } from '#discord/commands/index.ts';
import type { GuildPlayer } from './guild-player.ts';
import type { MusicManager } from './music-manager.ts';
import { memberChannel, requireDj } from './music-rules.ts';
import { clearQueue, enqueue, headOf, listQueue, type NewTrack, type QueuedTrack } from './queue-store.ts';
import type { MusicService } from './service.ts';
import type { LoopMode, MusicSettings } from './settings.ts';

const LOOP_ORDER: readonly LoopMode[] = ['off', 'track', 'queue'];

/** Checks before resolving anything: music available, the member in voice (the bot's channel if it plays), room left. */
export function checkCanQueue(
  manager: MusicManager,
  service: MusicService,
  db: Db,
  guildId: string,
  member: GuildMember | null,
): string {
  const unavailable = service.unavailable();
  if (unavailable) throw new UserError('music.unavailable', unavailable, {}, 'Music Unavailable');
  const channelId = memberChannel(member);
  const existing = manager.get(guildId);
  if (existing && existing.voiceChannelId !== channelId)
    throw new UserError(
      'music.other-channel',
      `I'm already playing in <#${existing.voiceChannelId}>: join that channel to add tracks.`,
      {},
      'Different Channel',
    );
  const settings = manager.settings(guildId);
  if (listQueue(db, guildId).length >= settings.max_queue) throw queueFull(settings);
  return channelId;
}

export function queueFull(settings: MusicSettings): UserError {
  return new UserError('music.queue-full', `The queue is full (${settings.max_queue} tracks).`, {}, 'Queue Full');
}

/**
 * Adds tracks (all or none), joins the member's channel when the bot is not there, and starts playing when nothing
 * plays. Returns the first added track and its place (0: it plays now).
 */
export async function queueAndStart(
  manager: MusicManager,
  db: Db,
  opts: { guild: Guild; userId: string; voiceChannelId: string; textChannelId: string; tracks: NewTrack[] },
): Promise<{ first: QueuedTrack; position: number; added: number }> {
  const settings = manager.settings(opts.guild.id);
  const added = enqueue(db, opts.guild.id, opts.userId, opts.tracks, settings.max_queue);
  if (added === 'full') throw queueFull(settings);
  const player = await manager.obtain(opts.guild, opts.voiceChannelId, opts.textChannelId);
  const first = added[0]!;
  // A queue kept from before (disconnect, lost connection) plays first: its head starts, not necessarily `first`.
  const position = listQueue(db, opts.guild.id).findIndex((t) => t.id === first.id);
  if (!player.current) {
    await player.ready();
    await player.playHead();
  } else player.changed();
  return { first, position, added: added.length };
}

export function skipCurrent(db: Db, player: GuildPlayer, member: GuildMember | null, settings: MusicSettings) {
  const current = player.current?.track ?? headOf(db, player.guildId);
  if (!current) throw new UserError('music.nothing', 'Nothing is playing.', {}, 'Not Playing');
  requireDj(member, settings, current, 'skip');
  player.skip();
  return current;
}

export async function stopAll(db: Db, player: GuildPlayer, member: GuildMember | null, settings: MusicSettings) {
  for (const track of listQueue(db, player.guildId)) requireDj(member, settings, track, 'clear');
  clearQueue(db, player.guildId);
  await player.playHead();
  player.scheduleLeave('idle');
}

export function pauseCurrent(player: GuildPlayer): QueuedTrack {
  if (!player.current || player.paused)
    throw new UserError('music.not-playing', 'Nothing is playing right now.', {}, 'Not Playing');
  player.pause();
  return player.current.track;
}

export function resumeCurrent(player: GuildPlayer): QueuedTrack {
  if (!player.current || !player.paused)
    throw new UserError('music.not-paused', 'The player is not paused.', {}, 'Not Paused');
  player.resume();
  return player.current.track;
}

export function setLoop(player: GuildPlayer, mode: LoopMode): void {
  player.loop = mode;
  player.save();
  player.changed();
}

export function nextLoop(mode: LoopMode): LoopMode {
  return LOOP_ORDER[(LOOP_ORDER.indexOf(mode) + 1) % LOOP_ORDER.length]!;
}
