/**
 * A plugin secret typed by prefix into a channel is never kept: with message event logs on, the config command
 * refuses it and deletes the message, the event log drops the copy it stored and logs the deletion without the
 * content, and nothing the bot posted, stored in SQLite or logged holds the secret. Real app, discord.js, emulator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '#test/fake-discord/fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

type Guild = NonNullable<Fixture['guilds']>[number];

function fixtureWithMessageLog(): Fixture {
  const file = path.join(import.meta.dirname, '..', 'fake-discord', 'fixtures', 'demo-guild.json');
  const base = JSON.parse(fs.readFileSync(file, 'utf8')) as Fixture;
  const demo = base.guilds?.[0] as Guild;
  const channels = [...(demo.channels ?? []), { key: 'msgLog', name: 'message-log', parent: 'textCategory' }];
  return { ...base, guilds: [{ ...demo, channels }] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('a secret typed by prefix', () => {
  let h: Harness;
  let guildId: string;
  const channel = (key: string) => h.id('channels', key);

  beforeAll(async () => {
    h = await startHarness({ fixture: fixtureWithMessageLog(), owners: ['owner'] });
    guildId = h.id('guilds', 'demo');
    h.app.settings.set('eventlog', guildId, 'messages', channel('msgLog'), 'test');
    // Every log line, debug included, is looked at below.
    h.app.logs.setLevel('trace');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('is deleted, logged as deleted without its content, and kept nowhere', async () => {
    const secret = 'ghp_typedByPrefix0123456789abcdef';
    const typed = await h.send('owner', 'general', `$config module git token ${secret}`);
    const refusal = await h.fake.control.waitForMessage({
      channelId: typed.channel_id,
      after: typed.id,
      authorId: h.fake.botId,
      timeoutMs: 10_000,
    });
    expect(textOf(refusal)).toContain('`git.token` is a secret');
    expect(h.fake.world.messages.has(typed.id)).toBe(false);

    // The deletion is logged (moderators see it happened), without what the message said.
    const logged = await until('the deletion in the message log', async () =>
      (await h.fake.control.messages({ channelId: channel('msgLog') })).find(
        (m) => m.author.id === h.fake.botId && textOf(m).includes(`message ${typed.id}`),
      ),
    );
    expect(textOf(logged)).toContain('Message deleted');
    expect(textOf(logged)).not.toContain(secret);
    expect(textOf(logged)).toContain('held a secret setting');

    // A later message is stored as usual, so the store's write buffer has been flushed past the secret.
    const later = await h.send('member1', 'general', 'an ordinary message after it');
    await until('the later message in the store', () =>
      h.app.db.sqlite.prepare('SELECT 1 FROM eventlog_messages WHERE message_id = ?').get(later.id) ? true : undefined,
    );

    // No post in any channel, no row in any table, no log line holds the secret.
    const posts = JSON.stringify([...h.fake.world.messages.values()]);
    expect(posts).not.toContain(secret);
    const tables = h.app.db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    for (const { name } of tables) {
      const rows = JSON.stringify(h.app.db.sqlite.prepare(`SELECT * FROM "${name}"`).all());
      expect(rows, `table ${name}`).not.toContain(secret);
    }
    await h.app.logs.flush();
    expect(JSON.stringify(h.app.logs.hub.recent())).not.toContain(secret);
    expect(h.app.settings.get<{ token: string }>('git', guildId).token).not.toBe(secret);
  });
});
