/**
 * The message-content store's write cost: N chat messages written as the store does it (buffered, one transaction
 * per batch) against the same messages written one transaction each, in the same run, on real SQLite files with the
 * appliance's pragmas. Batches of 25 are what a busy server's 50 messages/s give with the half-second window.
 * Also the hourly purge of a guild at its cap.
 */
import { openTempDb } from '#core/db/temp-db.ts';
import { MessageStore, type StoredMessage } from '#modules/eventlog/message-store.ts';

const G = '100000000000000001';

function message(i: number): StoredMessage {
  return {
    id: String(300000000000000000n + BigInt(i)),
    guildId: G,
    channelId: '100000000000000002',
    authorId: String(200000000000000000n + BigInt(i % 500)),
    content: `message ${i}: ${'penguins are great '.repeat(1 + (i % 5))}`,
    attachments: [],
    createdAt: Date.now() - (100_000 - i) * 10,
    editedAt: null,
  };
}

function cpuUs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

export async function benchEventlogStore(n = 20_000): Promise<string[]> {
  const batched = await openTempDb();
  const single = await openTempDb();
  try {
    const store = new MessageStore(batched.db, { flushMs: 60_000 });
    const batchedUs = cpuUs(() => {
      for (let i = 0; i < n; i++) {
        store.put(message(i));
        if (i % 25 === 24) store.flush();
      }
      store.flush();
    });
    const naive = new MessageStore(single.db, { flushMs: 60_000 });
    const singleUs = cpuUs(() => {
      for (let i = 0; i < n; i++) {
        naive.put(message(i));
        naive.flush();
      }
    });
    const purgeUs = cpuUs(() => store.purge(G, 0, Math.floor(n / 2)));
    const f = (x: number) => x.toFixed(1);
    return [
      `${n} messages into the message-content store (real SQLite, the appliance's pragmas)`,
      `batched (25 a transaction): ${f(batchedUs / n)} µs CPU/message`,
      `one transaction a message: ${f(singleUs / n)} µs CPU/message`,
      `ratio: batched costs ${f(batchedUs / singleUs)}x of one-per-message`,
      `purge of ${n - Math.floor(n / 2)} rows over the cap: ${f(purgeUs / 1000)} ms CPU`,
    ];
  } finally {
    batched.cleanup();
    single.cleanup();
  }
}
