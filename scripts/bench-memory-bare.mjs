// The memory benchmark's baseline: a discord.js client with default options (and the same intents as Tux) that
// does nothing but say when it is ready and when it has seen the message "bench:done".
import { Client, GatewayIntentBits } from 'discord.js';

const client = new Client({
  intents: [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMembers,
    GatewayIntentBits.GuildModeration,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.MessageContent,
    GatewayIntentBits.DirectMessages,
  ],
  rest: { api: process.env.BENCH_API_URL },
});
client.once('clientReady', () => process.stdout.write('BENCH-READY\n'));
client.on('messageCreate', (m) => {
  if (m.content === 'bench:done') process.stdout.write('BENCH-DONE\n');
});
process.on('SIGTERM', () => client.destroy().then(() => process.exit(0)));
await client.login(process.env.BENCH_TOKEN);
