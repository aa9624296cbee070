/**
 * Runs the Discord emulator standalone on 127.0.0.1, seeded with the demo guild (or --fixture FILE).
 *   npm run fake-discord -- [--port N] [--fixture path.json] [--token T] [--heartbeat MS] [--global-rate-limit N]
 *     [--tls [--tls-dir DIR]]
 * PORT / FAKE_DISCORD_PORT also set the port; the default 0 picks a free one. With --tls it serves HTTPS and WSS
 * with a certificate generated on start, and prints where it is for NODE_EXTRA_CA_CERTS / SSL_CERT_FILE.
 */
import { parseArgs } from 'node:util';
import { startFakeDiscord } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    fixture: { type: 'string' },
    token: { type: 'string' },
    heartbeat: { type: 'string' },
    'global-rate-limit': { type: 'string' },
    tls: { type: 'boolean' },
    'tls-dir': { type: 'string' },
  },
});

const port = Number(values.port ?? process.env.FAKE_DISCORD_PORT ?? process.env.PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port "${values.port}": use a number from 0 to 65535 (0 picks a free port).`);
  process.exit(2);
}

const fake = await startFakeDiscord({
  port,
  ...(values.fixture ? { fixture: values.fixture } : {}),
  ...(values.token ? { token: values.token } : {}),
  ...(values.heartbeat ? { heartbeatMs: Number(values.heartbeat) } : {}),
  ...(values['global-rate-limit'] ? { globalRateLimit: Number(values['global-rate-limit']) } : {}),
  ...(values.tls || values['tls-dir'] ? { tls: values['tls-dir'] ? { directory: values['tls-dir'] } : true } : {}),
});

const guild = [...fake.world.guilds.values()][0];
console.log(`Fake Discord listening on ${fake.url}`);
console.log(`  TUX_DISCORD_API_URL=${fake.apiUrl}`);
console.log(`  token: ${fake.token}`);
console.log(`  gateway: ${fake.gatewayUrl}`);
console.log(`  control API: POST ${fake.url}/_fake/{operation}`);
if (fake.certificatePath) {
  console.log(`  TLS certificate (trust it, checks stay on): ${fake.certificatePath}`);
  console.log(`    Node:   NODE_EXTRA_CA_CERTS=${fake.certificatePath}`);
  console.log(`    Python: SSL_CERT_FILE=${fake.certificatePath}`);
  console.log(`    curl:   curl --cacert ${fake.certificatePath} -X POST ${fake.url}/_fake/ids`);
}
if (guild) console.log(`  guild: ${guild.name} (${guild.id}), ${guild.members.size} members`);
console.log('  ids:', JSON.stringify(fake.ids));

const stop = async () => {
  await fake.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
