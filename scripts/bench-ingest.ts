/**
 * Chat ingest of the appliance against a bare discord.js client, both connected to the same emulator and fed the
 * same stream in the same run: N plain chat messages (default 20,000) from 500 members over 19 channels, with the
 * levels, AFK and snippets modules on (their defaults) and the message event log routed to a 20th channel, so every
 * message is also written to the message-content store. Reports, per process, messages/s fully processed, the CPU
 * time spent and the event-loop delay p99 over the stream.
 *
 * The processes, the probe and the chat are the memory benchmark's (bench-memory.ts). "Fully processed": the bare
 * client has seen the closing message; the appliance has stored the XP that message earns (its author, a member
 * who has not spoken before, gets a `levels` row), which it does only after every message before it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startFakeDiscord } from '#test/fake-discord/server.ts';
import { bigFixture, DEFAULT_TUX, type MemorySample, type Probed, sendChat, startPair } from './bench-memory.ts';

export interface IngestFigures {
  /** messages per second, from the first message sent to the last one fully processed */
  perSecond: number;
  cpuMs: number;
  lagP99Ms: number;
}

export interface IngestBenchResult {
  messages: number;
  sendMs: number;
  tux: IngestFigures;
  bare: IngestFigures;
}

const AUTHORS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the appliance's database holds a `levels` row for this member. */
async function waitForXpRow(dbPath: string, guildId: string, userId: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        const row = db.prepare('SELECT xp FROM levels WHERE guild_id = ? AND user_id = ?').get(guildId, userId);
        if (row) return;
      } finally {
        db.close();
      }
    } catch {
      // not created yet, or busy for a moment: look again
    }
    await sleep(25);
  }
  throw new Error(`no XP stored for the closing message within ${ms} ms`);
}

function figures(messages: number, elapsedMs: number, before: MemorySample, after: MemorySample): IngestFigures {
  return {
    perSecond: messages / (elapsedMs / 1000),
    cpuMs: (after.cpuUs - before.cpuUs) / 1000,
    lagP99Ms: after.lagP99Ms,
  };
}

export interface IngestOptions {
  messages?: number;
  tuxBin?: string;
  /** Runs once the appliance is up and before the stream: writes to its database (automod rules, ...). */
  seed?: (dbPath: string, guildId: string) => void;
}

export async function benchIngest(opts: IngestOptions = {}): Promise<IngestBenchResult> {
  const messages = opts.messages ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'tux-bench-ingest-'));
  // One member more than the authors: the closing message comes from a member with no XP yet.
  const fake = await startFakeDiscord({ heartbeatMs: 5000, fixture: bigFixture(AUTHORS + 1, 20, 10) });
  const procs: Probed[] = [];
  try {
    const { tux, bare } = await startPair(fake, dir, opts.tuxBin ?? DEFAULT_TUX, procs);
    // The guild owner routes the message log to the first channel; the others carry the chat.
    const [logChannel, ...channels] = Object.keys(fake.ids.channels).map((k) => fake.ids.channels[k]!);
    const set = await fake.control.sendMessage({
      channelId: logChannel!,
      userId: fake.ids.users.u0!,
      content: `$eventlog set messages <#${logChannel}>`,
    });
    const answer = await fake.control.waitForMessage({ channelId: logChannel!, after: set.id, timeoutMs: 30_000 });
    if (!JSON.stringify(answer.embeds).includes('Event Log Set'))
      throw new Error(`the message log was not set up: ${JSON.stringify(answer.embeds)}`);
    await sleep(2000);
    opts.seed?.(join(dir, 'data', 'tux.db'), fake.ids.guilds.big!);
    const [tuxBefore, bareBefore] = [await tux.sample(), await bare.sample()];

    const authors = Array.from({ length: AUTHORS }, (_, i) => fake.ids.users[`u${i}`]!);
    const closer = fake.ids.users[`u${AUTHORS}`]!;
    const started = performance.now();
    const sendMs = await sendChat(fake, messages, channels, authors);
    // Events arrive in order: once a process has handled this one, it has handled every message before it.
    await fake.control.sendMessage({ channelId: channels[0]!, userId: closer, content: 'bench:done' });
    const [tuxMs, bareMs] = await Promise.all([
      waitForXpRow(
        join(dir, 'data', 'tux.db'),
        fake.ids.guilds.big!,
        closer,
        Number(process.env.BENCH_INGEST_WAIT_MS ?? 300_000),
      )
        .catch((err: unknown) => {
          throw new Error(
            `${err instanceof Error ? err.message : String(err)}; the appliance said:\n${tux.out.slice(-3000)}`,
          );
        })
        .then(() => performance.now() - started),
      bare.waitFor('BENCH-DONE', 300_000).then(() => performance.now() - started),
    ]);
    const [tuxAfter, bareAfter] = [await tux.sample(), await bare.sample()];
    return {
      messages: messages + 1,
      sendMs,
      tux: figures(messages + 1, tuxMs, tuxBefore, tuxAfter),
      bare: figures(messages + 1, bareMs, bareBefore, bareAfter),
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatIngestBench(r: IngestBenchResult): string[] {
  const f = (n: number, d = 1) => n.toFixed(d);
  const row = (label: string, x: IngestFigures) =>
    `${label}: ${f(x.perSecond, 0)} messages/s, CPU ${f(x.cpuMs, 0)} ms (${f((x.cpuMs * 1000) / r.messages, 0)} µs/message), event-loop lag p99 ${f(x.lagP99Ms, 1)} ms`;
  return [
    `${r.messages} chat messages from ${AUTHORS} members (sent in ${f(r.sendMs / 1000)} s), levels + AFK + snippets + message log on`,
    row('tux', r.tux),
    row('bare discord.js', r.bare),
    `ratio: throughput ${f(r.tux.perSecond / r.bare.perSecond, 2)}x the bare client (goal ≥ 0.7x), CPU ${f(r.tux.cpuMs / r.bare.cpuMs, 2)}x, lag p99 ${f(r.tux.lagP99Ms / r.bare.lagP99Ms, 2)}x`,
  ];
}
