import fs from 'node:fs';
import https from 'node:https';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

/**
 * What Discord accepts from clients other than discord.js: ids sent as JSON integers (discord.py), timestamps with a
 * UTC offset (discord.py), the token prefixed with `Bot ` at IDENTIFY (Oceanic.js, Eris) and zlib-stream transport
 * compression (discord.py). Raw HTTP and WebSocket clients, so each form is sent exactly as those libraries send it.
 */

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 2000 });
});

afterAll(async () => {
  await fake?.close();
});

async function rest(method: string, path: string, rawBody?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fake.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
    ...(rawBody === undefined ? {} : { body: rawBody }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A gateway client reading JSON or zlib-stream frames, one payload at a time. */
class RawGateway {
  readonly socket: WebSocket;
  readonly payloads: { op: number; t?: string; s?: number; d: unknown }[] = [];
  readonly frames: Buffer[] = [];
  closeCode: number | null = null;
  readonly #inflate = zlib.createInflate();
  #waiters: (() => void)[] = [];

  constructor(query: string) {
    this.socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json${query}`);
    let text = '';
    this.#inflate.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    this.socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        this.#push(JSON.parse(data.toString('utf8')));
        return;
      }
      this.frames.push(data);
      this.#inflate.write(data);
      this.#inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.#push(JSON.parse(text));
        text = '';
      });
    });
    this.socket.on('close', (code) => {
      this.closeCode = code;
      this.#wake();
    });
  }

  /** Opens a connection and waits for HELLO. */
  static async connect(query: string): Promise<RawGateway> {
    const gateway = new RawGateway(query);
    await gateway.waitFor((p) => p.op === 10);
    return gateway;
  }

  send(payload: unknown): void {
    this.socket.send(JSON.stringify(payload));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  async waitFor(test: (p: RawGateway['payloads'][number]) => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.payloads.find(test);
      if (found) return found;
      if (this.closeCode !== null) throw new Error(`gateway closed with ${this.closeCode}`);
      if (Date.now() > deadline) throw new Error('timed out waiting for a gateway payload');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitClose(timeoutMs = 10_000): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }

  #push(payload: RawGateway['payloads'][number]): void {
    this.payloads.push(payload);
    this.#wake();
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

const identify = (token: string) => ({
  op: 2,
  d: { token, intents: 3276799, properties: { os: 'linux', browser: 'raw', device: 'raw' } },
});

describe('gateway login', () => {
  it('accepts the token at IDENTIFY and RESUME with or without the Bot prefix', async () => {
    const first = await RawGateway.connect('');
    first.send(identify(`Bot ${fake.token}`));
    const ready = await first.waitFor((p) => p.t === 'READY');
    const sessionId = (ready.d as { session_id: string }).session_id;
    first.close();

    const second = await RawGateway.connect('');
    second.send({ op: 6, d: { token: `Bot ${fake.token}`, session_id: sessionId, seq: ready.s } });
    await second.waitFor((p) => p.t === 'RESUMED');
    second.close();

    const plain = await RawGateway.connect('');
    plain.send(identify(fake.token));
    await plain.waitFor((p) => p.t === 'READY');
    plain.close();

    const wrong = await RawGateway.connect('');
    wrong.send(identify(`Bot not-${fake.token}`));
    expect(await wrong.waitClose()).toBe(4004);
  });

  it('lists READY among the events of the control API', async () => {
    const gateway = await RawGateway.connect('');
    gateway.send(identify(fake.token));
    await gateway.waitFor((p) => p.t === 'READY');
    gateway.close();
    const events = await fake.control.events({ t: 'READY' });
    expect(events.length).toBeGreaterThan(0);
    expect((events.at(-1)?.d as { user?: { id: string } } | undefined)?.user?.id).toBe(fake.botId);
  });

  it('compresses every payload with one zlib stream when asked for zlib-stream', async () => {
    const gateway = await RawGateway.connect('&compress=zlib-stream');
    gateway.send(identify(fake.token));
    const ready = await gateway.waitFor((p) => p.t === 'READY');
    await gateway.waitFor((p) => p.t === 'GUILD_CREATE');
    gateway.send({ op: 1, d: ready.s });
    await gateway.waitFor((p) => p.op === 11);
    expect(gateway.frames.length).toBe(gateway.payloads.length);
    for (const frame of gateway.frames) expect(frame.subarray(-4).toString('hex')).toBe('0000ffff');
    // One shared context: later frames refer back to earlier ones and cannot be inflated on their own.
    const alone = gateway.frames.slice(1).filter((frame) => {
      try {
        zlib.inflateSync(frame, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
        return true;
      } catch {
        return false;
      }
    });
    expect(alone.length).toBe(0);
    gateway.close();
  });

  it('answers REQUEST_GUILD_MEMBERS sent with integer ids', async () => {
    const gateway = await RawGateway.connect('');
    gateway.send(identify(fake.token));
    await gateway.waitFor((p) => p.t === 'READY');
    const guildId = fake.ids.guilds.demo!;
    const userId = fake.ids.users.member1!;
    gateway.sendRaw(`{"op":8,"d":{"guild_id":${guildId},"user_ids":[${userId}],"limit":0,"nonce":"n1"}}`);
    const chunk = await gateway.waitFor((p) => p.t === 'GUILD_MEMBERS_CHUNK');
    const d = chunk.d as { guild_id: string; members: { user: { id: string } }[]; not_found?: string[] };
    expect(d.guild_id).toBe(guildId);
    expect(d.members.map((m) => m.user.id)).toEqual([userId]);
    expect(d.not_found).toBeUndefined();
    gateway.close();
  });
});

describe('request bodies', () => {
  it('takes integer snowflakes and keeps every digit of them', async () => {
    const channelId = fake.ids.channels.general!;
    const original = await fake.control.sendMessage({
      channelId,
      userId: fake.ids.users.member1!,
      content: 'original',
    });
    const userId = fake.ids.users.member1!;
    // Exactly as discord.py writes them: bare integers, far above 2^53.
    const raw = `{"content":"a reply","message_reference":{"message_id":${original.id},"channel_id":${channelId},"guild_id":${fake.ids.guilds.demo},"fail_if_not_exists":true},"allowed_mentions":{"parse":[],"users":[${userId}],"replied_user":true}}`;
    const { status, body } = await rest('POST', `/channels/${channelId}/messages`, raw);
    expect(status).toBe(200);
    const reply = body as { id: string; message_reference: { message_id: string; channel_id: string } };
    expect(reply.message_reference.message_id).toBe(original.id);
    expect(reply.message_reference.channel_id).toBe(channelId);
    expect(fake.world.messages.get(reply.id)?.message_reference?.message_id).toBe(original.id);
    expect(fake.world.rejected).toEqual([]);
  });

  it('takes role ids as integers when editing a member', async () => {
    const guildId = fake.ids.guilds.demo!;
    const userId = fake.ids.users.member3!;
    const roleId = fake.ids.roles.member!;
    const { status } = await rest('PATCH', `/guilds/${guildId}/members/${userId}`, `{"roles":[${roleId}]}`);
    expect(status).toBe(200);
    expect(fake.world.guild(guildId).members.get(userId)?.roles).toEqual([roleId]);
  });

  it('takes ISO timestamps with any UTC offset', async () => {
    const guildId = fake.ids.guilds.demo!;
    const userId = fake.ids.users.member2!;
    const until = new Date(Date.now() + 3_600_000);
    until.setUTCMilliseconds(0);
    const local = until.toISOString().replace('Z', '.123456+00:00').replace('.000.', '.');
    const timeout = await rest(
      'PATCH',
      `/guilds/${guildId}/members/${userId}`,
      JSON.stringify({ communication_disabled_until: local }),
    );
    expect(timeout.status).toBe(200);
    const stored = fake.world.guild(guildId).members.get(userId)?.communication_disabled_until;
    expect(Date.parse(stored ?? '')).toBe(until.getTime() + 123);

    const plusTwo = new Date(until.getTime() + 7_200_000).toISOString().replace('Z', '+02:00').replace('.000', '');
    const embed = await rest(
      'POST',
      `/channels/${fake.ids.channels.general}/messages`,
      JSON.stringify({ embeds: [{ title: 'at', timestamp: plusTwo }] }),
    );
    expect(embed.status).toBe(200);
    const embeds = (embed.body as { embeds: { timestamp: string }[] }).embeds;
    expect(Date.parse(embeds[0]!.timestamp)).toBe(until.getTime());
    expect(fake.world.rejected).toEqual([]);
  });

  it('still refuses what Discord refuses', async () => {
    const channelId = fake.ids.channels.general!;
    const before = fake.world.rejected.length;
    const bad = await rest(
      'POST',
      `/channels/${channelId}/messages`,
      '{"content":"x","message_reference":{"message_id":-5}}',
    );
    expect(bad.status).toBe(400);
    const notTime = await rest(
      'POST',
      `/channels/${channelId}/messages`,
      JSON.stringify({ embeds: [{ title: 't', timestamp: 'yesterday' }] }),
    );
    expect(notTime.status).toBe(400);
    const fraction = await rest(
      'POST',
      `/channels/${channelId}/messages`,
      '{"content":"x","message_reference":{"message_id":1.5}}',
    );
    expect(fraction.status).toBe(400);
    expect(fake.world.rejected.length).toBe(before + 3);
  });
});

describe('TLS', () => {
  it('serves HTTPS and WSS with a generated certificate that clients must trust', async () => {
    const secure = await startFakeDiscord({ tls: true, fixture: 'empty' });
    try {
      expect(secure.apiUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api$/);
      expect(secure.gatewayUrl).toMatch(/^wss:\/\//);
      const pem = fs.readFileSync(secure.certificatePath!, 'utf8');
      expect(pem).toContain('BEGIN CERTIFICATE');
      // Trusted through its certificate: the control API and the gateway work.
      expect((await secure.control.gatewayStats()).connections).toBe(0);
      const socket = new WebSocket(`${secure.gatewayUrl}/?v=10&encoding=json`, { ca: pem });
      const hello = await new Promise<{ op: number }>((resolve, reject) => {
        socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
        socket.once('error', reject);
      });
      expect(hello.op).toBe(10);
      socket.terminate();
      const gateway = await new Promise<string>((resolve, reject) =>
        https
          .get(
            `${secure.apiUrl}/v10/gateway/bot`,
            { ca: pem, headers: { authorization: `Bot ${secure.token}` } },
            (response) => {
              let text = '';
              response.on('data', (chunk) => {
                text += chunk;
              });
              response.on('end', () => resolve(text));
            },
          )
          .on('error', reject),
      );
      expect(JSON.parse(gateway).url).toBe(secure.gatewayUrl);
      // Without trusting it, certificate checks refuse the connection.
      await expect(fetch(`${secure.url}/_fake/ids`, { method: 'POST' })).rejects.toThrow();
    } finally {
      await secure.close();
    }
  });
});
