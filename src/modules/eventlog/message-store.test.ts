import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { MessageStore, type StoredMessage } from './message-store.ts';

const G = '100000000000000001';
const G2 = '100000000000000002';
const DAY = 86_400_000;

let t: TempDb;
beforeEach(async () => {
  t = await openTempDb();
});
afterEach(() => t.cleanup());

let seq = 0;
function msg(guildId: string, createdAt: number, content = 'hello'): StoredMessage {
  seq += 1;
  return {
    id: String(300000000000000000n + BigInt(seq)),
    guildId,
    channelId: '400000000000000001',
    authorId: '200000000000000001',
    content,
    attachments: [{ name: 'a.png', url: 'https://cdn.example/a.png' }],
    createdAt,
    editedAt: null,
  };
}

const rows = (t: TempDb) =>
  (t.db.sqlite.prepare('SELECT count(*) AS n FROM eventlog_messages').get() as { n: number }).n;

describe('message store', () => {
  it('buffers writes and commits them in one transaction per batch', () => {
    const store = new MessageStore(t.db, { flushMs: 60_000, maxPending: 100 });
    for (let i = 0; i < 99; i++) store.put(msg(G, Date.now()));
    expect(rows(t)).toBe(0);
    store.put(msg(G, Date.now()));
    // The 100th message writes the whole batch.
    expect(rows(t)).toBe(100);
    const one = msg(G, Date.now(), 'still buffered');
    store.put(one);
    expect(rows(t)).toBe(100);
    // Reads see the buffer.
    expect(store.get(one.id)?.content).toBe('still buffered');
    store.flush();
    expect(rows(t)).toBe(101);
  });

  it('keeps the content and attachments across a new store on the same database (a restart)', () => {
    const a = new MessageStore(t.db);
    const m = msg(G, Date.now(), 'before the restart');
    a.put(m);
    a.flush();
    const b = new MessageStore(t.db);
    expect(b.get(m.id)).toEqual(m);
    b.put({ ...m, content: 'edited', editedAt: Date.now() });
    b.flush();
    expect(new MessageStore(t.db).get(m.id)?.content).toBe('edited');
  });

  it('purges by age and by count per guild, newest kept', () => {
    const store = new MessageStore(t.db);
    const now = Date.now();
    const old = msg(G, now - 8 * DAY);
    store.put(old);
    const recent = Array.from({ length: 10 }, (_, i) => msg(G, now - i * 1000));
    for (const m of recent) store.put(m);
    const other = msg(G2, now - 8 * DAY);
    store.put(other);
    expect(store.purge(G, now - 7 * DAY, 5)).toBe(6);
    expect(store.get(old.id)).toBeNull();
    expect(store.count(G)).toBe(5);
    // The five newest stay.
    for (const m of recent.slice(0, 5)) expect(store.get(m.id)).not.toBeNull();
    // Another guild is untouched.
    expect(store.get(other.id)).not.toBeNull();
    expect(store.guilds().sort()).toEqual([G, G2]);
  });

  it('removes logged messages, buffered or written', () => {
    const store = new MessageStore(t.db, { flushMs: 60_000 });
    const a = msg(G, Date.now());
    const b = msg(G, Date.now());
    store.put(a);
    store.flush();
    store.put(b);
    store.remove([a.id, b.id]);
    store.flush();
    expect(store.get(a.id)).toBeNull();
    expect(store.get(b.id)).toBeNull();
    expect(store.getMany([a.id, b.id])).toEqual([]);
  });
});
