/**
 * The mail plugin end to end: real discord.js against the emulator, Mailcow played by a local fake. Off until a
 * server sets api_url, api_key and domain; registration replies, DMs the first password, and explains refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailcowFake, startMailcowFake } from '../web-fakes/mailcow-fake.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('mail plugin', () => {
  let h: Harness;
  let mc: MailcowFake;
  let guildId: string;
  beforeAll(async () => {
    mc = await startMailcowFake();
    h = await startHarness();
    guildId = h.id('guilds', 'demo');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await mc?.close();
  });

  const register = (user: string, member: string, username: string) =>
    h.slash(user, 'general', {
      name: 'mail',
      subcommand: 'register',
      options: { member: h.id('users', member), username },
    });

  it('is off until the server sets the API, its key and the domain', async () => {
    const view = await register('owner', 'member1', 'carol');
    expect(textOf(view.original)).toContain('Mail is not set up in this server');
    expect(mc.requests).toEqual([]);
  });

  it('registers a mailbox, answers privately and DMs the first password', async () => {
    h.app.settings.set('mail', guildId, 'api_url', mc.url, 'test');
    h.app.settings.set('mail', guildId, 'domain', 'example.org', 'test');
    h.app.settings.set('mail', guildId, 'api_key', mc.apiKey, 'test');
    h.app.settings.set('mail', guildId, 'webmail_url', 'https://mail.example.org/SOGo/', 'test');

    const view = await register('owner', 'member1', 'carol');
    expect(view.ephemeral).toBe(true);
    expect(textOf(view.original)).toBe('Successfully registered carol@example.org for mail.');
    const sent = mc.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/api/v1/add/mailbox', apiKey: mc.apiKey });
    const body = sent.body as Record<string, unknown>;
    expect(body).toMatchObject({
      active: '1',
      domain: 'example.org',
      local_part: 'carol',
      name: 'carol',
      quota: '3072',
      force_pw_update: '1',
      tags: ['discord_member', h.id('users', 'member1')],
    });
    expect(body.password).toMatch(/^changeme\d{6}[!@#$%^&*]{4}$/);
    expect(body.password2).toBe(body.password);

    const dm = await h.fake.control.waitForDm({ userId: h.id('users', 'member1'), contains: 'carol@example.org' });
    expect(dm.content).toContain(`**Default Password**: ||\`${String(body.password)}\`||`);
    expect(dm.content).toContain('https://mail.example.org/SOGo/');
  });

  it('explains refusals: bad username, taken, quota, wrong key, rank', async () => {
    expect(textOf((await register('owner', 'member2', 'dave smith')).original)).toContain(
      'Username must be alphanumeric and contain no spaces.',
    );
    expect(textOf((await register('owner', 'member2', 'carol')).original)).toContain(
      'Failed to register the mailbox: carol@example.org already exists.',
    );
    mc.quotaLeft = 0;
    expect(textOf((await register('owner', 'member2', 'dave')).original)).toContain(
      'Failed to register the mailbox. Quota limit exceeded.',
    );
    h.app.settings.set('mail', guildId, 'api_key', 'not-the-right-key', 'test');
    expect(textOf((await register('owner', 'member2', 'dave')).original)).toContain(
      'Unauthorized. Check your API credentials.',
    );
    const before = mc.requests.length;
    expect(textOf((await register('member1', 'member2', 'dave')).original)).toMatch(/rank|permission/i);
    expect(mc.requests.length).toBe(before);
    const listing = await h.say('owner', 'general', '$config module mail');
    expect(textOf(listing)).toContain('api_key** = `"********"`');
    expect(textOf(listing)).not.toContain('not-the-right-key');
  });
});
