/** avatar: server and global avatars downloaded from the emulator's CDN and re-uploaded, by prefix and slash. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solidPng } from '#test/fake-discord/cdn.ts';
import { type Harness, startHarness } from './harness.ts';

describe('avatar', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const uploaded = (messageId: string) => h.fake.world.messages.get(messageId)?.attachments ?? [];
  const bytesOf = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

  it('re-uploads the server avatar, then the global one', async () => {
    const userId = h.id('users', 'member1');
    const global = solidPng([200, 30, 30]);
    const server = solidPng([30, 200, 30]);
    await h.fake.control.setAvatar({ userId, image: global.toString('base64') });
    await h.fake.control.setAvatar({ userId, guildId: h.id('guilds', 'demo'), image: server.toString('base64') });
    const reply = await h.say('moderator', 'general', `$avatar <@${userId}>`);
    const files = uploaded(reply.id);
    expect(files.map((f) => f.filename)).toEqual(['server_avatar.png', 'avatar.png']);
    expect(await bytesOf(files[0]!.url)).toEqual(server);
    expect(await bytesOf(files[1]!.url)).toEqual(global);
  });

  it('shows your own avatar with no argument, by alias and by slash', async () => {
    const userId = h.id('users', 'member2');
    await h.fake.control.setAvatar({ userId, color: [1, 2, 3] });
    const reply = await h.say('member2', 'general', '$pfp');
    expect(uploaded(reply.id).map((f) => f.filename)).toEqual(['avatar.png']);
    const r = await h.slash('member2', 'general', { name: 'avatar' });
    expect(r.original?.attachments?.map((f) => f.filename)).toEqual(['avatar.png']);
  });

  it('says when there is no avatar', async () => {
    expect((await h.say('member3', 'general', '$av')).content).toBe('You have no avatar.');
    const other = await h.say('member3', 'general', `$avatar <@${h.id('users', 'admin')}>`);
    expect(other.content).toBe('Frank has no avatar.');
    const r = await h.slash('member3', 'general', { name: 'avatar', options: { member: h.id('users', 'admin') } });
    expect(r.original?.content).toBe('Frank has no avatar.');
    expect(r.original?.flags ?? 0).toBe(64);
  });
});
