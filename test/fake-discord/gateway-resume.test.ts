/**
 * Resuming a session from another socket, as a process does after a crash: the events sent while nobody was
 * connected are replayed, a second session receives the same events, and a session left alone longer than the
 * resume window is forgotten.
 */
import { GatewayOpcodes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

interface Payload {
  op: number;
  t?: string | null;
  s?: number | null;
  d?: unknown;
}

let fake: FakeDiscord | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await fake?.close();
  fake = null;
});

/** A raw gateway socket recording every payload. */
async function open(
  url: string,
): Promise<{ ws: WebSocket; got: Payload[]; until(check: (p: Payload) => boolean): Promise<Payload> }> {
  const ws = new WebSocket(`${url}/?v=10&encoding=json`);
  sockets.push(ws);
  const got: Payload[] = [];
  const waiters: { check: (p: Payload) => boolean; resolve: (p: Payload) => void }[] = [];
  ws.on('message', (raw) => {
    const p = JSON.parse(raw.toString()) as Payload;
    got.push(p);
    for (const w of [...waiters])
      if (w.check(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
  });
  const until = (check: (p: Payload) => boolean) =>
    new Promise<Payload>((resolve, reject) => {
      const seen = got.find(check);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error('payload not received in time')), 10_000);
      waiters.push({
        check,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  await until((p) => p.op === GatewayOpcodes.Hello);
  return { ws, got, until };
}

async function identify(f: FakeDiscord) {
  const conn = await open(f.gatewayUrl);
  conn.ws.send(
    JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: f.token, intents: 33281 + 32768, properties: {} } }),
  );
  const ready = await conn.until((p) => p.t === 'READY');
  return { ...conn, sessionId: (ready.d as { session_id: string }).session_id };
}

describe('gateway resume from a new socket', () => {
  it('replays what was sent while no socket was connected, then RESUMED', async () => {
    fake = await startFakeDiscord({ heartbeatMs: 5000 });
    const first = await identify(fake);
    await first.until((p) => p.t === 'GUILD_CREATE');
    const seq = Math.max(...first.got.map((p) => p.s ?? 0));
    first.ws.terminate();
    await new Promise((r) => setTimeout(r, 100));
    const sent = await fake.control.sendMessage({
      channelId: fake.ids.channels.general!,
      userId: fake.ids.users.member1!,
      content: '$ping while away',
    });
    const second = await open(fake.gatewayUrl);
    second.ws.send(
      JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: fake.token, session_id: first.sessionId, seq } }),
    );
    await second.until((p) => p.t === 'RESUMED');
    const replayed = second.got.filter((p) => p.t === 'MESSAGE_CREATE').map((p) => (p.d as { id: string }).id);
    expect(replayed).toEqual([sent.id]);
  });

  it('sends every event to each live session of the bot', async () => {
    fake = await startFakeDiscord({ heartbeatMs: 5000 });
    const a = await identify(fake);
    const b = await identify(fake);
    const sent = await fake.control.sendMessage({
      channelId: fake.ids.channels.general!,
      userId: fake.ids.users.member1!,
      content: 'hello both',
    });
    const isIt = (p: Payload) => p.t === 'MESSAGE_CREATE' && (p.d as { id: string }).id === sent.id;
    await a.until(isIt);
    await b.until(isIt);
  });

  it('forgets a session left disconnected longer than the resume window (op 9 false)', async () => {
    fake = await startFakeDiscord({ heartbeatMs: 5000, resumeWindowMs: 200 });
    const first = await identify(fake);
    first.ws.terminate();
    await new Promise((r) => setTimeout(r, 500));
    const second = await open(fake.gatewayUrl);
    second.ws.send(
      JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: fake.token, session_id: first.sessionId, seq: 1 } }),
    );
    const invalid = await second.until((p) => p.op === GatewayOpcodes.InvalidSession);
    expect(invalid.d).toBe(false);
    expect(fake.gateway.sessions.has(first.sessionId)).toBe(false);
  });

  it('still resumes within the window', async () => {
    fake = await startFakeDiscord({ heartbeatMs: 5000, resumeWindowMs: 5000 });
    const first = await identify(fake);
    first.ws.terminate();
    await new Promise((r) => setTimeout(r, 300));
    const second = await open(fake.gatewayUrl);
    second.ws.send(
      JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: fake.token, session_id: first.sessionId, seq: 1 } }),
    );
    await second.until((p) => p.t === 'RESUMED');
  });
});
