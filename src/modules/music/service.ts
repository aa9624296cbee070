/** The music Service: which tools are installed (ffmpeg required, yt-dlp optional) and how many guilds play. */
import type { Logger } from 'pino';
import type { Health, Service } from '#core/services/types.ts';
import { detectTools, type MusicTools } from './tools.ts';

export interface MusicService extends Service {
  readonly tools: MusicTools | null;
  /** Why music cannot play, or null when it can. */
  unavailable(): string | null;
  /** Set by the module: guilds with a player, and how many of them are playing. */
  setActivity(counts: { players: number; playing: number }): void;
}

export const FFMPEG_MISSING =
  'ffmpeg is not installed: music cannot play. Install it with `apt-get install ffmpeg` (Debian/Ubuntu) and restart the music service.';

export function createMusicService(log: Logger, detect: () => Promise<MusicTools> = detectTools): MusicService {
  let tools: MusicTools | null = null;
  let activity = { players: 0, playing: 0 };
  return {
    name: 'music',
    get tools() {
      return tools;
    },
    async start() {
      tools = await detect();
      if (!tools.ffmpeg.path) log.warn(FFMPEG_MISSING);
    },
    async stop() {},
    unavailable: () => (tools && !tools.ffmpeg.path ? FFMPEG_MISSING : null),
    setActivity(counts) {
      activity = counts;
    },
    health(): Health {
      if (!tools) return { status: 'stopped', detail: 'not started' };
      const ytdlp = tools.ytdlp.path ? `yt-dlp ${tools.ytdlp.version}` : 'yt-dlp not installed (optional)';
      const metrics = { players: activity.players, playing: activity.playing };
      if (!tools.ffmpeg.path) return { status: 'degraded', detail: `${FFMPEG_MISSING} ${ytdlp}`, metrics };
      return {
        status: 'ok',
        detail: `ffmpeg ${tools.ffmpeg.version}, ${ytdlp}; ${activity.playing} of ${activity.players} players playing`,
        metrics,
      };
    },
  };
}
