import net from 'node:net';
import os from 'node:os';
import { Client, GatewayIntentBits, type Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginTestClient } from './login-test-client.ts';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

let fake: FakeDiscord;
let client: Client;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 1000 });
  client = await loginTestClient(fake);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

const general = () => fake.ids.channels.general!;

describe('gateway resilience', () => {
  it('resumes after a dropped connection and replays the events sent meanwhile', async () => {
    const resumed = new Promise<void>((resolve) => client.once('shardResume', () => resolve()));
    const received: string[] = [];
    const onMessage = (m: Message) => received.push(m.content);
    client.on('messageCreate', onMessage);
    const before = fake.gateway.stats.resumes;
    await fake.control.dropConnections();
    await fake.control.sendMessage({
      channelId: general(),
      userId: fake.ids.users.member1!,
      content: 'while you were away',
    });
    await resumed;
    await waitUntil(() => received.includes('while you were away'));
    client.off('messageCreate', onMessage);
    expect(fake.gateway.stats.resumes).toBe(before + 1);
    expect(received.filter((c) => c === 'while you were away')).toHaveLength(1);
  });

  it('reconnects and resumes on op 7', async () => {
    const before = fake.gateway.stats.resumes;
    await fake.control.requestReconnect();
    await waitUntil(() => fake.gateway.stats.resumes === before + 1);
    const seen = new Promise<Message>((resolve) => client.once('messageCreate', resolve));
    await fake.control.sendMessage({ channelId: general(), userId: fake.ids.users.member1!, content: 'after op 7' });
    expect((await seen).content).toBe('after op 7');
  });

  it('identifies again after op 9 (invalid session)', async () => {
    const before = fake.gateway.stats.identifies;
    await fake.control.invalidateSession();
    await waitUntil(() => fake.gateway.stats.identifies === before + 1);
    const seen = new Promise<Message>((resolve) => client.once('messageCreate', resolve));
    await fake.control.sendMessage({ channelId: general(), userId: fake.ids.users.member1!, content: 'after op 9' });
    expect((await seen).content).toBe('after op 9');
  });
});

describe('REST faults', () => {
  it('retries after a 429 and succeeds', async () => {
    const fault = await fake.control.injectFault({
      kind: 'rate-limit',
      method: 'POST',
      route: '/channels/{channel_id}/messages',
      retryAfterMs: 150,
      times: 2,
    });
    const rateLimited: unknown[] = [];
    client.rest.on('rateLimited', (info) => rateLimited.push(info));
    const channel = client.channels.cache.get(general());
    if (!channel?.isSendable()) throw new Error('text');
    const started = Date.now();
    const sent = await channel.send('through the limit');
    expect(sent.content).toBe('through the limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const attempts = await fake.control.requests({ method: 'POST', route: '/channels/{channel_id}/messages' });
    expect(attempts.slice(-3).map((r) => r.status)).toEqual([429, 429, 200]);
    expect((await fake.control.faults()).find((f) => f.id === fault.id)?.hits).toBe(2);
    expect(rateLimited.length).toBeGreaterThanOrEqual(1);
  });

  it('retries 5xx responses, and gives up after its retries', async () => {
    await fake.control.injectFault({ kind: 'server-error', route: '/guilds/*', times: 1, status: 502 });
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const fetched = await guild.members.fetch({ user: fake.ids.users.moderator!, force: true });
    expect(fetched.id).toBe(fake.ids.users.moderator);
    await fake.control.injectFault({ kind: 'server-error', route: '/guilds/*', times: 10 });
    await expect(guild.members.fetch({ user: fake.ids.users.moderator!, force: true })).rejects.toMatchObject({
      status: 500,
    });
    await fake.control.clearFaults();
  });

  it('delays responses', async () => {
    await fake.control.injectFault({ kind: 'delay', method: 'GET', route: '/users/{user_id}', delayMs: 300 });
    const started = Date.now();
    await client.users.fetch(fake.ids.users.member1!, { force: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('login failures and intents', () => {
  it('rejects a bad token', async () => {
    const bad = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    await expect(bad.login('bm90IGEgdG9rZW4.x.y')).rejects.toThrow();
    await bad.destroy();
  });

  it('closes with 4014 when identifying with privileged intents the app does not have', async () => {
    const strict = await startFakeDiscord({ privilegedIntents: 0, heartbeatMs: 1000 });
    const c = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
      rest: { api: strict.apiUrl },
    });
    await expect(c.login(strict.token)).rejects.toThrow(/disallowed intents|4014/i);
    await c.destroy();
    await strict.close();
  });

  it('blanks guild message content without MESSAGE_CONTENT, except mentions of the bot', async () => {
    const plain = await loginTestClient(fake, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    try {
      // Without GUILD_MEMBERS, GUILD_CREATE carries only the bot's own member.
      expect(plain.guilds.cache.get(fake.ids.guilds.demo!)?.members.cache.map((m) => m.id)).toEqual([fake.botId]);
      const contents: string[] = [];
      plain.on('messageCreate', (m) => contents.push(m.content));
      await fake.control.sendMessage({
        channelId: general(),
        userId: fake.ids.users.moderator!,
        content: 'secret words',
      });
      await fake.control.sendMessage({
        channelId: general(),
        userId: fake.ids.users.moderator!,
        content: `hey <@${fake.botId}>`,
      });
      await waitUntil(() => contents.length === 2);
      expect(contents).toEqual(['', `hey <@${fake.botId}>`]);
    } finally {
      await plain.destroy();
    }
  });
});

describe('network', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(fake.address.address).toBe('127.0.0.1');
    expect(fake.url).toBe(`http://127.0.0.1:${fake.address.port}`);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    for (const host of [external?.address, '::1'].filter(Boolean) as string[]) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host, port: fake.address.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused, `reachable on ${host}`).toBe(true);
    }
  });
});

describe('global rate limit', () => {
  it('answers 429 global past the limit per second, and lets a discord.js client through by waiting', async () => {
    const limited = await startFakeDiscord({ heartbeatMs: 1000, globalRateLimit: 5 });
    try {
      const get = () =>
        fetch(`${limited.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${limited.token}` } });
      const burst = await Promise.all(Array.from({ length: 12 }, get));
      const statuses = burst.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
      const refusal = burst.find((r) => r.status === 429)!;
      expect(refusal.headers.get('x-ratelimit-global')).toBe('true');
      expect(await refusal.json()).toMatchObject({ global: true });
      expect(limited.globalRateLimit?.refused).toBeGreaterThanOrEqual(2);

      // A client that ignores its own limit still gets every request through, at the emulator's pace.
      const bot = await loginTestClient(limited, { rest: { globalRequestsPerSecond: 1000 } });
      try {
        const started = Date.now();
        await Promise.all(
          Array.from({ length: 12 }, () => bot.users.fetch(limited.ids.users.member1!, { force: true })),
        );
        expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      } finally {
        await bot.destroy();
      }
    } finally {
      await limited.close();
    }
  });

  it('is off unless asked for', () => {
    expect(fake.globalRateLimit).toBeNull();
  });
});
