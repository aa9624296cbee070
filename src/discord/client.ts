/**
 * The discord.js client as an appliance on a Pi wants it: only the intents the enabled modules need, presences
 * only when asked for, bounded caches with sweepers, and partials so events for uncached messages still arrive.
 */
import type { Client, ClientOptions } from 'discord.js';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { TuxConfig } from '#core/config/schema.ts';
import { discordJs } from './discord-lib.ts';
import { messageBudget } from './message-budget.ts';

/** What the runtime itself needs: guilds, prefix commands in guilds and DMs. */
export const BASE_INTENTS: readonly GatewayIntentBits[] = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.DirectMessages,
];

/**
 * Union of the base intents and the modules' needs. Presences (privileged, and Discord then sends every member's
 * every status change) only when a module needs them and the config allows them.
 */
export function computeIntents(
  config: TuxConfig,
  requested: Iterable<GatewayIntentBits>,
): { intents: number; dropped: GatewayIntentBits[] } {
  let intents = 0;
  const dropped: GatewayIntentBits[] = [];
  for (const i of BASE_INTENTS) intents |= i;
  for (const i of requested) {
    if (i === GatewayIntentBits.GuildPresences && !config.discord.presences) {
      dropped.push(i);
      continue;
    }
    intents |= i;
  }
  return { intents, dropped };
}

/** The client (discord.js must be loaded: loadDiscordJs()). */
export function createClient(config: TuxConfig, intents: number, extra: Partial<ClientOptions> = {}): Client {
  const lib = discordJs();
  const { Client, Options, Partials } = lib;
  const limits = Options.cacheWithLimits({
    ...Options.DefaultMakeCacheSettings,
    GuildMemberManager: {
      maxSize: config.discord.member_cache,
      keepOverLimit: (member) => member.id === member.client.user.id,
    },
    UserManager: {
      maxSize: Math.max(1000, config.discord.member_cache),
      keepOverLimit: (user) => user.id === user.client.user.id,
    },
    // presenceUpdate fires without a cache (its old presence is then null); no feature reads cached presences.
    PresenceManager: 0,
    ReactionUserManager: 100,
    ThreadMemberManager: 100,
    GuildInviteManager: 0,
    GuildStickerManager: 0,
    GuildScheduledEventManager: 0,
    StageInstanceManager: 0,
  });
  const messages = messageBudget(lib, config.discord.message_cache, config.discord.message_cache_total);
  return new Client({
    intents,
    partials: [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User, Partials.GuildMember],
    rest: { api: config.discord.api_url, cdn: config.discord.cdn_url },
    allowedMentions: { parse: ['users'], repliedUser: true },
    failIfNotExists: false,
    // Messages: per channel and in total (message-budget.ts); the other managers by their limits above.
    makeCache: (managerType, holds, manager) =>
      managerType.name === 'MessageManager' ? messages() : limits(managerType, holds, manager),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 600, lifetime: 3600 },
      users: {
        interval: 3600,
        filter: () => (user) => user.id !== user.client.user.id && !user.bot,
      },
      guildMembers: {
        interval: 3600,
        filter: () => (member) => member.id !== member.client.user.id,
      },
    },
    ...extra,
  });
}
