// Bundled by cache-limits.test.ts with the production build's options: prints the cache limits the appliance's
// discord.js client really gets, as the built appliance would.
import { configSchema } from '#core/config/schema.ts';
import { createClient } from '#discord/client.ts';
import { discordJs, loadDiscordJs } from '#discord/discord-lib.ts';

await loadDiscordJs();
const config = configSchema.parse({ discord: { member_cache: 1500, message_cache: 20 } });
const client = createClient(config, 0);
const limit = (cache: unknown) => (cache as { maxSize?: number }).maxSize ?? null;
// A channel's message cache, asked for as discord.js does (it is chosen by the manager's class name too).
const lib = discordJs();
const make = client.options.makeCache as (...args: unknown[]) => unknown;
const messages = make(lib.MessageManager, lib.Message, lib.GuildMessageManager);
process.stdout.write(
  `${JSON.stringify({
    users: limit(client.users.cache),
    usersClass: client.users.constructor.name,
    messages: limit(messages),
    messagesClass: (messages as object).constructor.name,
  })}\n`,
);
client.destroy();
