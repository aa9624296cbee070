import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { Client, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { guardGatewaySockets } from './gateway-socket-guard.ts';

const port = (s: Server | TcpServer): number => (s.address() as AddressInfo).port;

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('gateway socket guard', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('keeps an error on a socket the shard dropped while connecting from crashing the process', async () => {
    // A gateway that accepts TCP connections and never answers the WebSocket handshake.
    const held: Socket[] = [];
    const gateway = createTcpServer((socket) => held.push(socket));
    gateway.listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    closers.push(() => new Promise<void>((r) => gateway.close(() => r())));
    const api = createServer((req, res) => {
      if (req.url?.endsWith('/gateway/bot')) {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            url: `ws://127.0.0.1:${port(gateway)}`,
            shards: 1,
            session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
          }),
        );
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
    api.listen(0, '127.0.0.1');
    await once(api, 'listening');
    closers.push(() => new Promise<void>((r) => api.close(() => r())));

    const uncaught: Error[] = [];
    const onUncaught = (err: Error): void => {
      uncaught.push(err);
    };
    process.on('uncaughtException', onUncaught);
    closers.push(() => {
      process.off('uncaughtException', onUncaught);
    });

    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: `http://127.0.0.1:${port(api)}/api` },
    });
    const heard: Error[] = [];
    guardGatewaySockets(client, (err) => heard.push(err));
    client.login('a.fake.token').catch(() => undefined);
    await waitFor(() => held.length === 1, 'the shard to open its socket');

    // The appliance stops (or reconnects) while the socket is still connecting: the shard lets go of it ...
    await client.destroy();
    // ... and the server then drops the connection, which errors the socket nobody owns any more.
    for (const s of held) s.destroy();
    await waitFor(() => heard.length > 0 || uncaught.length > 0, 'the socket error');
    await new Promise((r) => setTimeout(r, 100));

    expect(uncaught).toEqual([]);
    expect(heard.map((e) => e.message).join()).toMatch(/socket hang up|ECONNRESET/);
  });
});
