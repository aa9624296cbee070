import { setTimeout as sleep } from 'node:timers/promises';
import { ControlError } from '../control-error.ts';
import type { ControlRuntime } from '../control-ops.ts';
import { setVoiceState } from '../member-ops.ts';
import { decodeOpusFrames, goertzelPower, rms, zeroCrossingHz } from './opus-pcm.ts';
import { VOICE_ENCRYPTION_MODES, type VoiceEncryptionMode } from './rtp.ts';
import type { FakeVoiceServer, VoiceFrame, VoiceSession } from './voice-server.ts';

/** What a test reads about one guild's voice session. */
export interface VoiceSessionView {
  guildId: string;
  channelId: string;
  active: boolean;
  connected: boolean;
  speaking: boolean;
  mode: VoiceEncryptionMode | null;
  ssrc: number;
  maxDaveProtocolVersion: number | null;
  daveProtocolVersion: number;
  /** Frames received so far (a running count; use it as `from` for later windows). */
  framesTotal: number;
  decryptFailures: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  seqAck: number | null;
  speakingChanges: number;
}

export interface VoiceWindowInput {
  guildId: string;
  /** First frame (a `framesTotal` value read earlier); default 0. */
  from?: number;
  /** Only frames that arrived in the last N ms. */
  lastMs?: number;
}

export interface VoiceTiming {
  frames: number;
  /** Over the window's span (first to last frame). */
  packetsPerSecond: number;
  meanIntervalMs: number;
  /** The median inter-arrival time: ~20 ms for real-time playback even when a busy sender catches up in bursts. */
  medianIntervalMs: number;
  /** Standard deviation of the inter-arrival time. */
  jitterMs: number;
  maxGapMs: number;
  /** Intervals longer than 60 ms (3 frames). */
  gaps: number;
  /** RTP sequence numbers skipped inside the window. */
  sequenceGaps: number;
}

function server(rt: ControlRuntime): FakeVoiceServer {
  const voice = rt.ctx.voice;
  if (!voice) throw new ControlError(400, 'The voice server is off: start the emulator with { voice: true }.');
  return voice;
}

function session(rt: ControlRuntime, guildId: string): VoiceSession {
  const found = server(rt).sessions.get(guildId);
  if (!found) throw new ControlError(404, `The bot has no voice session in guild ${guildId}.`);
  return found;
}

function view(s: VoiceSession): VoiceSessionView {
  return {
    guildId: s.guildId,
    channelId: s.channelId,
    active: s.active,
    connected: s.connected,
    speaking: s.speaking,
    mode: s.mode,
    ssrc: s.ssrc,
    maxDaveProtocolVersion: s.maxDaveProtocolVersion,
    daveProtocolVersion: s.daveProtocolVersion,
    framesTotal: s.framesTotal,
    decryptFailures: s.decryptFailures,
    identifies: s.identifies,
    resumes: s.resumes,
    heartbeats: s.heartbeats,
    seqAck: s.seqAck,
    speakingChanges: s.speakingChanges.length,
  };
}

function windowFrames(s: VoiceSession, input: VoiceWindowInput): VoiceFrame[] {
  const firstKept = s.framesTotal - s.frames.length;
  let frames = s.frames.slice(Math.max(0, (input.from ?? 0) - firstKept));
  if (input.lastMs !== undefined) {
    const since = performance.now() - input.lastMs;
    frames = frames.filter((f) => f.at >= since);
  }
  return frames;
}

/** Inter-arrival statistics of a run of frames. */
export function frameTiming(frames: VoiceFrame[]): VoiceTiming {
  const intervals: number[] = [];
  let sequenceGaps = 0;
  for (let i = 1; i < frames.length; i++) {
    intervals.push(frames[i]!.at - frames[i - 1]!.at);
    const step = (frames[i]!.sequence - frames[i - 1]!.sequence + 65536) % 65536;
    if (step > 1) sequenceGaps += step - 1;
  }
  const mean = intervals.length ? intervals.reduce((a, b) => a + b, 0) / intervals.length : 0;
  const variance = intervals.length ? intervals.reduce((a, b) => a + (b - mean) ** 2, 0) / intervals.length : 0;
  const span = frames.length > 1 ? frames.at(-1)!.at - frames[0]!.at : 0;
  return {
    frames: frames.length,
    packetsPerSecond: span > 0 ? ((frames.length - 1) * 1000) / span : 0,
    meanIntervalMs: mean,
    medianIntervalMs: intervals.length ? [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)]! : 0,
    jitterMs: Math.sqrt(variance),
    maxGapMs: intervals.length ? Math.max(...intervals) : 0,
    gaps: intervals.filter((i) => i > 60).length,
    sequenceGaps,
  };
}

export const voiceOps = {
  /** Every guild's voice session (the bot's connection as the voice server sees it). */
  voiceSessions: (rt: ControlRuntime, _input: Record<string, never> = {}): VoiceSessionView[] =>
    [...server(rt).sessions.values()].map(view),

  voiceSession: (rt: ControlRuntime, input: { guildId: string }): VoiceSessionView => view(session(rt, input.guildId)),

  /** Frame count and timing (packets/s, mean interval, jitter, gaps) of a window. */
  voiceTiming: (rt: ControlRuntime, input: VoiceWindowInput): VoiceTiming & { speaking: boolean } => {
    const s = session(rt, input.guildId);
    return { ...frameTiming(windowFrames(s, input)), speaking: s.speaking };
  },

  /**
   * Decodes a window of frames to 48 kHz mono PCM: its level (RMS, peak), frequency by zero crossings, the relative
   * power at `frequency` (Goertzel, ~0.5 for a pure tone) and, with `samples`, the PCM itself as base64 s16le.
   */
  voicePcm: (
    rt: ControlRuntime,
    input: VoiceWindowInput & { count?: number; frequency?: number; samples?: boolean },
  ): {
    frames: number;
    sampleRate: number;
    rms: number;
    peak: number;
    zeroCrossingHz: number;
    power: number | null;
    pcm: string | null;
  } => {
    let frames = windowFrames(session(rt, input.guildId), input);
    if (input.count !== undefined) frames = frames.slice(0, input.count);
    const decoded = decodeOpusFrames(frames.map((f) => f.opus));
    let peak = 0;
    for (const s of decoded.samples) peak = Math.max(peak, Math.abs(s));
    return {
      frames: frames.length,
      sampleRate: decoded.sampleRate,
      rms: rms(decoded.samples),
      peak,
      zeroCrossingHz: zeroCrossingHz(decoded.samples, decoded.sampleRate),
      power: input.frequency ? goertzelPower(decoded.samples, decoded.sampleRate, input.frequency) : null,
      pcm: input.samples ? Buffer.from(decoded.samples.buffer).toString('base64') : null,
    };
  },

  /** Waits until a guild's session has received `atLeast` frames in total (or is connected when 0). */
  waitForVoiceFrames: async (
    rt: ControlRuntime,
    input: { guildId: string; atLeast: number; timeoutMs?: number },
  ): Promise<VoiceSessionView> => {
    const deadline = Date.now() + (input.timeoutMs ?? 10_000);
    for (;;) {
      const s = server(rt).sessions.get(input.guildId);
      if (s && s.framesTotal >= input.atLeast && (input.atLeast > 0 || s.connected)) return view(s);
      if (Date.now() > deadline)
        throw new ControlError(
          408,
          `Timed out: guild ${input.guildId} has ${s ? s.framesTotal : 'no session and 0'} frames, waiting for ${input.atLeast}.`,
        );
      await sleep(20);
    }
  },

  /** Drops the bot's voice WebSocket: no close frame by default (it resumes), or with a close code (4014 ends it). */
  dropVoice: (rt: ControlRuntime, input: { guildId: string; code?: number }): { dropped: boolean } => ({
    dropped: server(rt).drop(input.guildId, input.code),
  }),

  /** Moves the bot to another voice channel, as a moderator dragging it would (VOICE_STATE_UPDATE). */
  moveBot: (rt: ControlRuntime, input: { guildId: string; channelId: string | null }): { ok: true } => {
    const guild = rt.ctx.world.guild(input.guildId);
    if (input.channelId) {
      const channel = rt.ctx.world.channels.get(input.channelId);
      if (!channel || channel.guild_id !== guild.id || (channel.type !== 2 && channel.type !== 13))
        throw new ControlError(400, `Channel ${input.channelId} is not a voice channel of guild ${guild.id}.`);
      server(rt).moved(guild.id, input.channelId);
    } else server(rt).left(guild.id);
    setVoiceState(rt.ctx, guild, rt.ctx.world.botId, input.channelId);
    return { ok: true };
  },

  /** The encryption modes READY offers from now on (e.g. only xchacha20). */
  setVoiceModes: (rt: ControlRuntime, input: { modes: VoiceEncryptionMode[] }): { modes: VoiceEncryptionMode[] } => {
    const unknown = input.modes.filter((m) => !VOICE_ENCRYPTION_MODES.includes(m));
    if (!input.modes.length || unknown.length)
      throw new ControlError(400, `Modes must be some of ${VOICE_ENCRYPTION_MODES.join(', ')}.`);
    server(rt).modes = [...input.modes];
    return { modes: server(rt).modes };
  },
};
