import { afterEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { FinishedSequence } from './finished-sequence.ts';
import { GatewaySessionStore } from './session-store.ts';

describe('FinishedSequence', () => {
  it('stays below the oldest command still running', () => {
    const f = new FinishedSequence();
    f.reset(1);
    f.received(2);
    f.received(3, 'a');
    f.received(4, 'b');
    f.received(5);
    const doneA = f.claim('a');
    const doneB = f.claim('b');
    expect(f.watermark()).toBe(2);
    doneB();
    expect(f.watermark()).toBe(2);
    doneA();
    expect(f.watermark()).toBe(5);
  });

  it('closes an event no handler claims once the claim time is up', async () => {
    const f = new FinishedSequence(20);
    f.reset(1);
    f.received(2, 'dropped');
    expect(f.watermark()).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(f.watermark()).toBe(2);
  });
});

describe('GatewaySessionStore', () => {
  let t: TempDb | null = null;
  afterEach(() => {
    t?.cleanup();
    t = null;
  });

  it('batches sequence updates into one write and reads them back after a reopen', async () => {
    t = await openTempDb();
    const store = new GatewaySessionStore(t.db, 50);
    for (let s = 1; s <= 100; s++) store.update({ sessionId: 'abc', resumeUrl: 'ws://127.0.0.1:1', sequence: s });
    // Nothing written yet: the batch goes out after flushMs.
    expect(store.load()).toBeNull();
    await new Promise((r) => setTimeout(r, 120));
    const other = new GatewaySessionStore(await t.reopen());
    expect(other.load()).toMatchObject({ sessionId: 'abc', resumeUrl: 'ws://127.0.0.1:1', sequence: 100 });
    store.clear();
    expect(other.load()).toBeNull();
  });
});
