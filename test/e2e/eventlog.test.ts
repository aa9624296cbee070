/**
 * Event logs and invite tracking through the real app (createApp, SQLite, discord.js) against the Discord emulator:
 * every log group, a bulk deletion as one attachment, a purge of 200 messages in a bounded number of posts, and the
 * deletion of a message sent before the appliance restarted (its content comes from the SQLite store).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '#src/app.ts';
import type { Fixture } from '#test/fake-discord/fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

type Guild = NonNullable<Fixture['guilds']>[number];

function eventlogFixture(): Fixture {
  const file = path.join(import.meta.dirname, '..', 'fake-discord', 'fixtures', 'demo-guild.json');
  const base = JSON.parse(fs.readFileSync(file, 'utf8')) as Fixture;
  const demo = base.guilds?.[0] as Guild;
  const channels = [
    ...(demo.channels ?? []),
    { key: 'msgLog', name: 'message-log', parent: 'textCategory' },
    { key: 'memberLog', name: 'member-log', parent: 'textCategory' },
    { key: 'serverLog', name: 'server-log', parent: 'textCategory' },
    { key: 'voiceLog', name: 'voice-log', parent: 'textCategory' },
    { key: 'chat', name: 'chat', parent: 'textCategory' },
    { key: 'quiet', name: 'quiet', parent: 'textCategory' },
  ];
  // Listing a server's invites (to tell which one a member used) needs Manage Server.
  const roles = (demo.roles ?? []).map((r) =>
    r.key === 'botRole' ? { ...r, permissions: [...(r.permissions ?? []), 'ManageGuild'] } : r,
  );
  return { ...base, guilds: [{ ...demo, roles, channels }] };
}

let h: Harness;
let restarted: App | null = null;
let gid: string;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const R = (key: string) => h.id('roles', key);
const app = () => restarted ?? h.app;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bot's posts in a channel. */
const posts = async (channel: string): Promise<APIMessage[]> =>
  (await h.fake.control.messages({ channelId: C(channel) })).filter((m) => m.author.id === h.fake.botId);

/** Waits for a post in a log channel whose text matches. */
async function waitForPost(channel: string, pattern: RegExp, timeoutMs = 8000): Promise<APIMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = (await posts(channel)).find((m) => pattern.test(textOf(m)));
    if (hit) return hit;
    if (Date.now() > deadline) {
      const seen = (await posts(channel)).map(textOf).join('\n---\n');
      throw new Error(`no post matching ${pattern} in ${channel}; saw:\n${seen}`);
    }
    await sleep(50);
  }
}

async function attachmentText(m: APIMessage): Promise<string> {
  const a = m.attachments[0];
  expect(a).toBeTruthy();
  return (await fetch(a!.url)).text();
}

/** Resolves once the message-content store holds this message. */
async function stored(messageId: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!app().db.sqlite.prepare('SELECT 1 FROM eventlog_messages WHERE message_id = ?').get(messageId)) {
    if (Date.now() > deadline) throw new Error(`message ${messageId} was not stored`);
    await sleep(50);
  }
}

beforeAll(async () => {
  h = await startHarness({ fixture: eventlogFixture(), owners: ['owner'] });
  gid = h.id('guilds', 'demo');
  for (const [group, channel] of [
    ['messages', 'msgLog'],
    ['members', 'memberLog'],
    ['server', 'serverLog'],
    ['voice', 'voiceLog'],
  ] as const) {
    expect(textOf(await h.say('owner', 'botCommands', `$eventlog set ${group} <#${C(channel)}>`))).toMatch(
      /Event Log Set/,
    );
  }
}, 60_000);

afterAll(async () => {
  await restarted?.stop();
  await h?.stop();
});

describe('settings', () => {
  it('refuses a log channel the bot cannot post in and changes nothing', async () => {
    const guild = h.app.discord.client.guilds.cache.get(gid)!;
    const locked = await guild.channels.create({
      name: 'locked',
      permissionOverwrites: [{ id: R('botRole'), deny: ['SendMessages'] }],
    });
    const reply = textOf(await h.say('owner', 'botCommands', `$eventlog set voice <#${locked.id}>`));
    expect(reply).toMatch(/can't post in/);
    expect(h.app.settings.get<{ voice: string }>('eventlog', gid).voice).toBe(C('voiceLog'));
    const shown = textOf(await h.say('owner', 'botCommands', '$eventlog show'));
    expect(shown).toContain(`<#${C('voiceLog')}>`);
    // The channel made above is a server event.
    await waitForPost('serverLog', /Channel created[\s\S]*locked/);
  });

  it('is for rank 5: a member is refused', async () => {
    const reply = textOf(await h.say('member1', 'general', `$eventlog set voice <#${C('chat')}>`));
    expect(reply).not.toMatch(/Event Log Set/);
    expect(h.app.settings.get<{ voice: string }>('eventlog', gid).voice).toBe(C('voiceLog'));
  });
});

describe('message group', () => {
  it('logs an edit with the content from before it (Discord sends only the new state)', async () => {
    const sent = await h.send('member1', 'chat', 'penguins are the best birds');
    await stored(sent.id);
    // discord.js forgets it: the "before" must come from the store.
    const chat = h.app.discord.client.channels.cache.get(C('chat'));
    if (chat && 'messages' in chat) chat.messages.cache.clear();
    await h.fake.control.editMessage({ messageId: sent.id, content: 'penguins are the only birds' });
    const post = await waitForPost('msgLog', /Message edited/);
    expect(textOf(post)).toMatch(/Before: penguins are the best birds/);
    expect(textOf(post)).toMatch(/After: penguins are the only birds/);
  });

  it('logs a deletion with its content, and ignores an ignored channel', async () => {
    expect(textOf(await h.say('owner', 'botCommands', `$eventlog ignore-channel <#${C('quiet')}>`))).toMatch(
      /Channel Ignored/,
    );
    const hidden = await h.send('member2', 'quiet', 'nobody logs this');
    const sent = await h.send('member2', 'chat', 'a message that will go');
    await stored(sent.id);
    await h.fake.control.deleteMessage({ messageId: hidden.id });
    await h.fake.control.deleteMessage({ messageId: sent.id });
    const post = await waitForPost('msgLog', /Message deleted[\s\S]*a message that will go/);
    expect(textOf(post)).toContain(`<@${U('member2')}>`);
    expect((await posts('msgLog')).map(textOf).join('\n')).not.toContain('nobody logs this');
    // Once logged, the content is not kept.
    expect(
      app().db.sqlite.prepare('SELECT 1 FROM eventlog_messages WHERE message_id = ?').get(sent.id),
    ).toBeUndefined();
  });

  it('logs a purge of 200 messages in a bounded number of posts, the messages in one attachment', async () => {
    const before = (await posts('msgLog')).length;
    let last = '';
    for (let i = 0; i < 200; i++) last = (await h.send('member3', 'chat', `purge fodder ${i}`)).id;
    await stored(last);
    const reply = await h.say('owner', 'chat', '$purge 200', 15_000);
    expect(textOf(reply)).toMatch(/200/);
    await waitForPost('msgLog', /bulk deleted/, 15_000);
    await sleep(3000);
    const added = (await posts('msgLog')).slice(before);
    expect(added.length).toBeGreaterThanOrEqual(1);
    expect(added.length).toBeLessThanOrEqual(6);
    const files = await Promise.all(added.filter((m) => m.attachments.length).map(attachmentText));
    const all = files.join('\n');
    for (const i of [0, 99, 100, 199]) expect(all).toContain(`purge fodder ${i}\n`);
  }, 90_000);
});

describe('member group', () => {
  it('logs joins with account age, nickname/role/timeout changes, leaves, bans and unbans', async () => {
    const user = await h.fake.control.createUser({ username: 'newbie', globalName: 'Newbie' });
    await h.fake.control.joinGuild({ guildId: gid, userId: user.id });
    const join = await waitForPost('memberLog', /Member joined[\s\S]*newbie/);
    expect(textOf(join)).toMatch(/Account age: /);
    expect(textOf(join)).toMatch(/Invite: /);

    await h.fake.control.updateMember({ guildId: gid, userId: user.id, nick: 'Pingu' });
    expect(textOf(await waitForPost('memberLog', /Nickname changed/))).toMatch(/After: Pingu/);
    await h.fake.control.updateMember({ guildId: gid, userId: user.id, roles: [R('member')] });
    expect(textOf(await waitForPost('memberLog', /Roles changed/))).toContain(`<@&${R('member')}>`);
    const until = new Date(Date.now() + 3600_000).toISOString();
    await h.fake.control.updateMember({ guildId: gid, userId: user.id, communicationDisabledUntil: until });
    await waitForPost('memberLog', /Member timed out/);

    await h.fake.control.leaveGuild({ guildId: gid, userId: user.id });
    expect(textOf(await waitForPost('memberLog', /Member left/))).toContain(`<@${user.id}>`);

    const guild = h.app.discord.client.guilds.cache.get(gid)!;
    await guild.bans.create(user.id, { reason: 'test' });
    await waitForPost('memberLog', /Member banned/);
    await guild.bans.remove(user.id);
    await waitForPost('memberLog', /Member unbanned/);
  }, 30_000);
});

describe('invite tracking', () => {
  it('tells which of two invites each member joined with, and who invited the most', async () => {
    const a = (await h.fake.control.createInvite({ channelId: C('general'), userId: U('owner') })) as { code: string };
    const b = (await h.fake.control.createInvite({ channelId: C('general'), userId: U('moderator'), maxUses: 5 })) as {
      code: string;
    };
    await waitForPost('serverLog', new RegExp(`Invite created[\\s\\S]*${b.code}`));
    const join = async (name: string, code: string) => {
      const user = await h.fake.control.createUser({ username: name });
      await h.fake.control.joinWithInvite({ code, userId: user.id });
      return { id: user.id, post: await waitForPost('memberLog', new RegExp(`Member joined[\\s\\S]*${name}`)) };
    };
    const x = await join('viaowner', a.code);
    const y = await join('viamod1', b.code);
    const z = await join('viamod2', b.code);
    expect(textOf(x.post)).toContain(`Invite: \`${a.code}\` by <@${U('owner')}>`);
    expect(textOf(y.post)).toContain(`Invite: \`${b.code}\` by <@${U('moderator')}>`);
    expect(textOf(z.post)).toContain(`\`${b.code}\``);

    expect(textOf(await h.say('owner', 'botCommands', `$invites who <@${y.id}>`))).toContain(
      `\`${b.code}\` by <@${U('moderator')}>`,
    );
    const top = textOf(await h.say('owner', 'botCommands', '$invites top'));
    expect(top).toMatch(new RegExp(`1\\. <@${U('moderator')}>: 2 joins[\\s\\S]*2\\. <@${U('owner')}>: 1 join`));
    // A member who joined without a known invite is said to be unknown.
    expect(textOf(await h.say('owner', 'botCommands', `$invites who <@${U('member1')}>`))).toMatch(/unknown/);
  }, 30_000);
});

describe('server group', () => {
  it('logs channel and role changes', async () => {
    const guild = h.app.discord.client.guilds.cache.get(gid)!;
    const role = await guild.roles.create({ name: 'Penguins' });
    await waitForPost('serverLog', /Role created[\s\S]*Penguins/);
    await role.setName('Emperors');
    expect(textOf(await waitForPost('serverLog', /Role changed/))).toMatch(/Penguins → Emperors/);
    await role.delete();
    await waitForPost('serverLog', /Role deleted[\s\S]*Emperors/);
    const channel = await guild.channels.create({ name: 'igloo' });
    await channel.setName('iceberg');
    expect(textOf(await waitForPost('serverLog', /Channel changed/))).toMatch(/igloo → iceberg/);
    await channel.delete();
    await waitForPost('serverLog', /Channel deleted[\s\S]*iceberg/);
  });
});

describe('voice group', () => {
  it('logs joins, moves and leaves', async () => {
    await h.fake.control.joinVoice({ userId: U('member1'), channelId: C('voice') });
    await waitForPost('voiceLog', /Joined voice/);
    await h.fake.control.joinVoice({ userId: U('member1'), channelId: C('voice2') });
    expect(textOf(await waitForPost('voiceLog', /Moved voice channel/))).toContain(`<#${C('voice2')}>`);
    await h.fake.control.leaveVoice({ userId: U('member1'), guildId: gid });
    expect(textOf(await waitForPost('voiceLog', /Left voice/))).toContain(`<#${C('voice2')}>`);
  });
});

describe('message-content store', () => {
  it('drops content past the retention on the scheduled purge, which books its next run', async () => {
    const old = Date.now() - 8 * 86_400_000;
    h.app.db.sqlite
      .prepare(
        `INSERT INTO eventlog_messages (message_id, guild_id, channel_id, author_id, content, created_at)
         VALUES ('900000000000000001', ?, ?, ?, 'eight days old', ?)`,
      )
      .run(gid, C('chat'), U('member1'), old);
    const fresh = await h.send('member1', 'chat', 'fresh enough');
    await stored(fresh.id);
    h.app.scheduler.schedule('eventlog.purge', Date.now(), {}, { key: 'eventlog.purge' });
    const deadline = Date.now() + 10_000;
    while (h.app.db.sqlite.prepare(`SELECT 1 FROM eventlog_messages WHERE message_id = '900000000000000001'`).get()) {
      if (Date.now() > deadline) throw new Error('the purge did not drop the old message');
      await sleep(100);
    }
    expect(h.app.db.sqlite.prepare('SELECT 1 FROM eventlog_messages WHERE message_id = ?').get(fresh.id)).toBeTruthy();
    await sleep(200);
    const next = h.app.scheduler.get('eventlog.purge');
    expect(next?.status).toBe('pending');
    expect(next!.runAt).toBeGreaterThan(Date.now() + 30 * 60_000);
  });
});

describe('across a restart', () => {
  it('logs the deletion of a message sent before the appliance restarted, with its content', async () => {
    const sent = await h.send('member1', 'chat', 'said before the restart');
    await stored(sent.id);
    await h.app.stop();
    restarted = await createApp({
      configPath: path.join(h.dir, 'tux.toml'),
      env: {},
      cwd: h.dir,
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      discord: { syncDelayMs: 20, retryDelayMs: 300, clientOptions: { waitGuildTimeout: 200 } },
    });
    await restarted.start();
    await restarted.discordService.waitReady(10_000);
    await h.fake.control.deleteMessage({ messageId: sent.id });
    const post = await waitForPost('msgLog', /Message deleted[\s\S]*said before the restart/);
    expect(textOf(post)).toContain(`<@${U('member1')}>`);
  }, 60_000);
});
