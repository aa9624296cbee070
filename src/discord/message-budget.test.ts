import * as lib from 'discord.js';
import { describe, expect, it } from 'vitest';
import { configSchema } from '#core/config/schema.ts';
import { createClient } from './client.ts';
import { loadDiscordJs } from './discord-lib.ts';
import { messageBudget } from './message-budget.ts';

const keys = (c: { keys(): IterableIterator<string> }) => [...c.keys()];

describe('messageBudget', () => {
  it('keeps each channel to its limit and all channels together to the total, dropping the oldest first', () => {
    const make = messageBudget(lib, 3, 5);
    const a = make();
    const b = make();
    for (const id of ['a1', 'a2', 'a3', 'a4']) a.set(id, id);
    expect(keys(a)).toEqual(['a2', 'a3', 'a4']); // per channel: 3
    for (const id of ['b1', 'b2']) b.set(id, id);
    expect(keys(a).length + keys(b).length).toBe(5);
    b.set('b3', 'b3'); // total over 5: the oldest message of any channel (a2) goes
    expect(keys(a)).toEqual(['a3', 'a4']);
    expect(keys(b)).toEqual(['b1', 'b2', 'b3']);
    a.set('a3', 'a3 edited'); // an update moves the message to the newest end
    b.set('b4', 'b4'); // b is full (3): b1 goes by the channel's limit; the total (5) is not exceeded
    expect(keys(b)).toEqual(['b2', 'b3', 'b4']);
    expect(keys(a)).toEqual(['a3', 'a4']);
    a.set('a5', 'a5'); // total over 5: the oldest is now a4 (a3 was refreshed)
    expect(keys(a)).toEqual(['a3', 'a5']);
    expect(a.get('a3')).toBe('a3 edited');
  });

  it('frees the total when messages leave a channel by delete, sweep or clear', () => {
    const make = messageBudget(lib, 10, 4);
    const a = make();
    const b = make();
    for (const id of ['a1', 'a2', 'a3', 'a4']) a.set(id, id);
    a.delete('a1');
    a.sweep((_v, k) => k === 'a2');
    b.set('b1', 'b1');
    b.set('b2', 'b2'); // 4 in all again: nothing evicted
    expect(keys(a)).toEqual(['a3', 'a4']);
    a.clear();
    for (const id of ['b3', 'b4']) b.set(id, id);
    expect(keys(b)).toEqual(['b1', 'b2', 'b3', 'b4']);
  });

  it('caches nothing with a per-channel limit of 0', () => {
    const c = messageBudget(lib, 0, 100)();
    c.set('m', 'm');
    expect(c.size).toBe(0);
  });

  it('is the message cache of the client the appliance makes', async () => {
    await loadDiscordJs();
    const config = configSchema.parse({ discord: { message_cache: 7, message_cache_total: 9 } });
    const client = createClient(config, 0);
    try {
      // discord.js asks for each channel's message cache this way (GuildMessageManager overrides to MessageManager).
      const make = client.options.makeCache as (...args: unknown[]) => lib.LimitedCollection<string, unknown>;
      const cache = make(lib.MessageManager, lib.Message, lib.GuildMessageManager);
      expect(cache.maxSize).toBe(7);
      expect(cache.constructor.name).toBe('BudgetedCache');
      const members = make(lib.GuildMemberManager, lib.GuildMember, lib.GuildMemberManager);
      expect(members.maxSize).toBe(config.discord.member_cache);
    } finally {
      await client.destroy();
    }
  });
});
