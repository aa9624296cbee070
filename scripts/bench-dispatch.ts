/**
 * Slash dispatch latency: INTERACTION_CREATE sent by the emulator → interaction callback received by the emulator,
 * measured on the emulator side over loopback, for Tux's `ping` and for a bare discord.js client that replies
 * with no framework. Prints p50/p99 of both and the ratio.
 *
 *   node --import tsx scripts/bench-dispatch.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import { Client, GatewayIntentBits } from 'discord.js';
import { startHarness } from '#test/e2e/harness.ts';
import { type FakeDiscord, startFakeDiscord } from '#test/fake-discord/server.ts';

export interface LatencyStats {
  iterations: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface DispatchBenchResult {
  framework: LatencyStats;
  bare: LatencyStats;
  /** framework p50 / bare p50. */
  ratioP50: number;
  ratioP99: number;
}

function stats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    iterations: samples.length,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

/** Times INTERACTION_CREATE dispatch → callback on the emulator for `iterations` sequential `/ping` runs. */
async function measure(
  fake: FakeDiscord,
  userId: string,
  channelId: string,
  iterations: number,
  warmup: number,
): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  const gateway = fake.gateway;
  const original = gateway.dispatch.bind(gateway);
  gateway.dispatch = (t, d, scope) => {
    if (t === 'INTERACTION_CREATE') sentAt.set((d as { id: string }).id, performance.now());
    original(t, d, scope);
  };
  const waiters = new Map<string, () => void>();
  const onResponse = (id: string): void => {
    const t0 = sentAt.get(id);
    if (t0 !== undefined && !waiters.has(`done:${id}`)) {
      waiters.set(`done:${id}`, () => undefined);
      samples.push(performance.now() - t0);
    }
    waiters.get(id)?.();
  };
  fake.world.bus.on('interaction-response', onResponse);
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      if (i === warmup) samples.length = 0;
      const done = new Promise<void>((resolve) => {
        const started = fake.control.runSlashCommand({ userId, channelId, name: 'ping' });
        void started.then(({ interactionId }) => {
          if (waiters.has(`done:${interactionId}`)) resolve();
          else waiters.set(interactionId, resolve);
        });
      });
      await done;
    }
  } finally {
    fake.world.bus.off('interaction-response', onResponse);
    gateway.dispatch = original;
  }
  return samples.slice(-iterations);
}

export async function benchDispatch(opts: { iterations?: number; warmup?: number } = {}): Promise<DispatchBenchResult> {
  const iterations = opts.iterations ?? 10_000;
  const warmup = opts.warmup ?? Math.min(500, Math.ceil(iterations / 10));

  // Tux: the full app (config, SQLite, modules, permissions, cooldowns, error reporting).
  const h = await startHarness();
  let framework: number[];
  try {
    framework = await measure(h.fake, h.id('users', 'member1'), h.id('channels', 'general'), iterations, warmup);
  } finally {
    await h.stop();
  }

  // A bare discord.js client answering the same command directly.
  const fake = await startFakeDiscord({ heartbeatMs: 5000 });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, waitGuildTimeout: 200 });
  let bare: number[];
  try {
    const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
    await client.login(fake.token);
    await ready;
    await client.application!.commands.set([{ name: 'ping', description: 'Ping' }]);
    client.on('interactionCreate', (i) => {
      if (i.isChatInputCommand() && i.commandName === 'ping') void i.reply({ content: 'Pong!' });
    });
    bare = await measure(fake, fake.ids.users.member1!, fake.ids.channels.general!, iterations, warmup);
  } finally {
    await client.destroy();
    await fake.close();
  }
  const f = stats(framework);
  const b = stats(bare);
  return {
    framework: f,
    bare: b,
    ratioP50: Math.round((f.p50 / b.p50) * 100) / 100,
    ratioP99: Math.round((f.p99 / b.p99) * 100) / 100,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const iterations = Number(process.argv[2] ?? 10_000);
  const result = await benchDispatch({ iterations });
  const line = (name: string, s: LatencyStats): string =>
    `${name.padEnd(10)} p50 ${s.p50.toFixed(2)} ms  p90 ${s.p90.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  mean ${s.mean.toFixed(2)} ms  (n=${s.iterations})`;
  console.log('slash dispatch latency (INTERACTION_CREATE → callback, emulator side, loopback)');
  console.log(line('tux', result.framework));
  console.log(line('bare', result.bare));
  console.log(`ratio      p50 ${result.ratioP50}×  p99 ${result.ratioP99}×`);
}
