import { Client, type ClientOptions, GatewayIntentBits, Partials } from 'discord.js';
import type { FakeDiscord } from './server.ts';

/** A plain discord.js client logged in to the emulator, ready (all GUILD_CREATEs received). For tests. */

export const ALL_TEST_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildModeration,
  GatewayIntentBits.GuildExpressions,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.GuildPresences,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

export async function loginTestClient(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({
    intents: ALL_TEST_INTENTS,
    partials: [Partials.Channel],
    ...options,
    rest: { api: fake.apiUrl, ...options.rest },
  });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}
