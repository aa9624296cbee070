/**
 * Snippets through the real app and the emulator, by prefix and slash: name rules and limits, aliases (and a broken
 * alias cleaning itself up), uses, locks, the permission order (staff, snippet ban from the cases, the guild's
 * manage roles, lock, author), replying to the replied-to message, paging long content, and slash autocomplete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSnippet } from '#modules/snippets/snippet-store.ts';
import { communityFixture } from './community-fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const U = (key: string) => h.id('users', key);
const R = (key: string) => h.id('roles', key);
const say = async (content: string, user = 'member1') => textOf(await h.say(user, 'general', content));
const snip = (name: string) => getSnippet(h.app.db, gid, name);

beforeAll(async () => {
  h = await startHarness({ fixture: communityFixture() });
  gid = h.id('guilds', 'demo');
  expect(await say(`$config roles assign <@&${R('moderatorRole')}> 3`, 'owner')).toMatch(/rank/);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('create, show, alias', () => {
  it('creates a snippet and shows it as Tux does, counting uses', async () => {
    expect(await say('$cs rtfm Read the manual: `man man`')).toMatch(/Snippet created\./);
    expect(snip('rtfm')).toMatchObject({ content: 'Read the manual: `man man`', authorId: U('member1'), uses: 0 });
    expect(await say('$s rtfm', 'member2')).toBe('`/snippets/rtfm.txt` || Read the manual: `man man`');
    expect(snip('rtfm')?.uses).toBe(1);
    expect(await say('$s RTFM', 'member2')).toMatch(/Snippet not found/);
  });

  it('refuses bad names, duplicates and content over the limit, changing nothing', async () => {
    expect(await say('$cs bad_name x')).toMatch(/must be alphanumeric \(allows dashes only\)/);
    expect(await say('$cs abcdefghijklmnopqrstu x')).toMatch(/less than 20 characters/);
    expect(await say('$cs rtfm again')).toMatch(/Snippet with this name already exists/);
    expect(await say(`$cs huge ${'x'.repeat(4001)}`)).toMatch(/4000/);
    expect(snip('bad_name')).toBeUndefined();
    expect(snip('huge')).toBeUndefined();
    expect(snip('rtfm')?.content).toBe('Read the manual: `man man`');
  });

  it('makes an alias chain resolve to the real snippet, and cleans up a broken alias', async () => {
    expect(await say('$cs manual rtfm')).toMatch(/Snippet `manual` created as an alias pointing to `rtfm`/);
    expect(await say('$cs m manual')).toMatch(/alias pointing to `rtfm`/);
    expect(await say('$s m', 'member2')).toBe('`/snippets/m.txt -> rtfm.txt` || Read the manual: `man man`');
    expect(snip('m')?.uses).toBe(1);
    const info = await say('$si rtfm');
    expect(info).toMatch(/Aliases: .*`manual`/);
    expect(info).toMatch(/Uses: 1/);
    expect(await say('$cs temp gone')).toMatch(/created/);
    expect(await say('$cs tmp temp')).toMatch(/alias/);
    expect(await say('$ds temp')).toMatch(/Snippet deleted/);
    expect(await say('$s tmp')).toMatch(/Alias `tmp` points to a non-existent snippet \(`temp`\)\. Deleting alias\./);
    expect(snip('tmp')).toBeUndefined();
  });

  it('answers the message the invoker replied to', async () => {
    const question = await h.send('member2', 'general', 'how do I read docs?');
    const sent = await h.fake.control.sendMessage({
      channelId: h.id('channels', 'general'),
      userId: U('member3'),
      content: '$s rtfm',
      replyTo: question.id,
    });
    const answer = await h.fake.control.waitForMessage({
      channelId: sent.channel_id,
      after: sent.id,
      authorId: h.fake.botId,
      timeoutMs: 5000,
    });
    expect(answer.message_reference?.message_id).toBe(question.id);
  });

  it('pages content over 2000 characters', async () => {
    const long = `${'a'.repeat(1990)} ${'b'.repeat(1500)}`;
    expect(await say(`$cs long ${long}`)).toMatch(/created/);
    const shown = await h.say('member2', 'general', '$s long');
    expect(textOf(shown)).toMatch(/Page 1 of 2/);
    expect(shown.components?.length).toBeGreaterThan(0);
  });
});

describe('permissions', () => {
  it('lets only the author edit or delete, and staff override', async () => {
    expect(await say('$es rtfm hijacked', 'member2')).toMatch(/You can only edit or delete your own snippets/);
    expect(await say('$es rtfm Read the fine manual')).toMatch(/Snippet edited/);
    expect(snip('rtfm')?.content).toBe('Read the fine manual');
    expect(await say('$cs mine x', 'member2')).toMatch(/created/);
    expect(await say('$es mine staff edit', 'moderator')).toMatch(/Snippet edited/);
  });

  it('locks a snippet against its author, and tells the author', async () => {
    expect(await say('$tsl rtfm', 'member1')).toMatch(/permission|rank/i);
    expect(await say('$tsl rtfm', 'moderator')).toMatch(/Snippet `rtfm` has been locked/);
    expect(snip('rtfm')?.locked).toBe(true);
    expect(await say('$es rtfm changed')).toMatch(/This snippet is locked\. You cannot edit or delete it\./);
    expect(await say('$ds rtfm')).toMatch(/locked/);
    expect(await say('$s rtfm', 'member2')).toBe('`/snippets/rtfm.txt` 🔒 || Read the fine manual');
    const dms = (await h.fake.control.dmMessages({ userId: U('member1') })).map(textOf);
    expect(dms.some((t) => /rtfm.*has been locked/.test(t))).toBe(true);
    const r = await h.slash('moderator', 'general', { name: 'togglesnippetlock', options: { name: 'rtfm' } });
    expect(textOf(r.original)).toMatch(/has been unlocked/);
    expect(snip('rtfm')?.locked).toBe(false);
  });

  it('enforces a snippet ban from the moderation cases, and lifts it with an unban', async () => {
    expect(await say(`$snippetban <@${U('member2')}> spam`, 'moderator')).toMatch(/SNIPPETBAN|snippet/i);
    expect(await say('$cs banned x', 'member2')).toMatch(/You are banned from using snippets\./);
    expect(await say('$ds mine', 'member2')).toMatch(/You are banned from using snippets\./);
    expect(snip('banned')).toBeUndefined();
    expect(await say(`$snippetunban <@${U('member2')}> ok`, 'moderator')).toMatch(/SNIPPETUNBAN|snippet/i);
    expect(await say('$cs allowed x', 'member2')).toMatch(/Snippet created/);
  });

  it('limits managing snippets to the guild’s roles when set', async () => {
    await say(`$config module snippets manage_roles <@&${R('booster')}>`, 'owner');
    expect(await say('$cs norole x', 'member3')).toMatch(
      new RegExp(`You do not have a role that allows you to manage snippets\\. Accepted roles: <@&${R('booster')}>`),
    );
    await h.fake.control.updateMember({ guildId: gid, userId: U('member3'), roles: [R('booster')] });
    await new Promise((r) => setTimeout(r, 200));
    expect(await say('$cs withrole x', 'member3')).toMatch(/created/);
    await say('$config module snippets manage_roles reset', 'owner');
  });
});

describe('slash and lists', () => {
  it('shows a snippet by slash and completes names', async () => {
    const r = await h.slash('member2', 'general', { name: 'snippet', options: { name: 'rtfm' } });
    expect(textOf(r.original)).toBe('`/snippets/rtfm.txt` || Read the fine manual');
    const started = await h.fake.control.autocomplete({
      userId: U('member2'),
      channelId: h.id('channels', 'general'),
      name: 'snippet',
      options: { name: 'rt' },
      focused: 'name',
    });
    const res = await h.fake.control.waitForInteractionResponse({
      interactionId: started.interactionId,
      timeoutMs: 5000,
    });
    expect(res.choices?.map((c) => c.value)).toContain('rtfm');
  });

  it('lists snippets by uses, by search and by author', async () => {
    const all = await say('$ls');
    expect(all).toMatch(/Snippets \(\d+\/\d+\)/);
    expect(all.indexOf('rtfm')).toBeLessThan(all.indexOf('mine'));
    expect(all).toMatch(/`→\d+`\. manual/);
    expect(await say('$snippets fine')).toMatch(/rtfm/);
    expect(await say('$ls nothing-like-this')).toMatch(/No snippets found\./);
    const mine = await say(`$lsf <@${U('member2')}>`);
    expect(mine).toMatch(/mine/);
    expect(mine).not.toMatch(/rtfm/);
  });
});
