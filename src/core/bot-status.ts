/** What the Discord runtime reports to the console; a shape both import, so neither imports the other. */

/** Live numbers from the Discord runtime; absent when the bot is not wired in (or has no token). */
export interface BotStatus {
  /** "ready", "connecting", "reconnecting", "idle: no token", ... */
  state: string;
  /** Gateway heartbeat round trip in ms, null before the first ack. */
  ping: number | null;
  guilds: number;
  reconnects: number;
  /** The bot's tag ("Tux#1234"), null before login. */
  user: string | null;
  eventsPerSecond?: number;
  /** Commands run in the last minute, by module. */
  commandsPerMinute?: Record<string, number>;
}

export interface BotGuild {
  id: string;
  name: string;
  members: number;
}

/** What the Discord side exposes to the console. */
export interface BotStatusProvider {
  status(): BotStatus;
  guilds(): BotGuild[];
}
