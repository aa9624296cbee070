import { describe, expect, it } from 'vitest';
import { RingLogHub } from './log-hub.ts';
import type { LogEntry, LogLevelName } from './types.ts';

function entry(msg: string, level: LogLevelName = 'info', module = 'core'): Omit<LogEntry, 'seq'> {
  return { time: Date.now(), level, module, msg, fields: {} };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('RingLogHub', () => {
  it('keeps only the newest `capacity` entries, oldest first', () => {
    const hub = new RingLogHub(3);
    for (let i = 1; i <= 5; i++) hub.push(entry(`m${i}`));
    expect(hub.recent().map((e) => e.msg)).toEqual(['m3', 'm4', 'm5']);
    expect(hub.recent({}, 2).map((e) => e.msg)).toEqual(['m4', 'm5']);
    expect(hub.stats()).toEqual({ size: 3, capacity: 3, total: 5, subscribers: 0 });
    expect(hub.recent().map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('filters by minimum level, module and case-insensitive text', () => {
    const hub = new RingLogHub(10);
    hub.push(entry('Started gateway', 'info', 'discord'));
    hub.push(entry('key accepted', 'debug', 'ssh'));
    hub.push(entry('login failed', 'warn', 'ssh'));
    hub.push(entry('disk full', 'error', 'db'));
    expect(hub.recent({ minLevel: 'warn' }).map((e) => e.msg)).toEqual(['login failed', 'disk full']);
    expect(hub.recent({ module: 'ssh' }).map((e) => e.msg)).toEqual(['key accepted', 'login failed']);
    expect(hub.recent({ text: 'GATEWAY' }).map((e) => e.msg)).toEqual(['Started gateway']);
    expect(hub.recent({ text: 'ss' }).map((e) => e.msg)).toEqual(['key accepted', 'login failed']);
    expect(hub.recent({ module: 'ssh', minLevel: 'warn', text: 'login' }, 5).map((e) => e.msg)).toEqual([
      'login failed',
    ]);
  });

  it('delivers in batches, after the push returns', async () => {
    const hub = new RingLogHub(10);
    const batches: string[][] = [];
    const sub = hub.subscribe({ module: 'ssh' }, (entries) => {
      batches.push(entries.map((e) => e.msg));
    });
    hub.push(entry('a', 'info', 'ssh'));
    hub.push(entry('b', 'info', 'db'));
    hub.push(entry('c', 'info', 'ssh'));
    expect(batches).toEqual([]);
    await tick();
    expect(batches).toEqual([['a', 'c']]);
    sub.close();
    hub.push(entry('d', 'info', 'ssh'));
    await tick();
    expect(batches).toEqual([['a', 'c']]);
    expect(hub.stats().subscribers).toBe(0);
  });

  it('a throwing subscriber does not break logging or other subscribers', async () => {
    const hub = new RingLogHub(10);
    const seen: string[] = [];
    hub.subscribe({}, () => {
      throw new Error('bug');
    });
    hub.subscribe({}, (entries) => {
      seen.push(...entries.map((e) => e.msg));
    });
    hub.push(entry('x'));
    await tick();
    expect(seen).toEqual(['x']);
  });
});
