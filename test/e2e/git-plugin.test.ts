/**
 * The git plugin end to end: real discord.js against the emulator, GitHub played by a local fake. Off until a
 * server sets repo and token; lookups by prefix and slash; issue creation needs rank 5; the token stays masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubFake, startGithubFake } from '../web-fakes/github-fake.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('git plugin', () => {
  let h: Harness;
  let gh: GithubFake;
  let guildId: string;
  beforeAll(async () => {
    gh = await startGithubFake();
    h = await startHarness();
    guildId = h.id('guilds', 'demo');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await gh?.close();
  });

  it('is off until the server sets a repository and a token', async () => {
    const reply = await h.say('member1', 'general', '$git r');
    expect(textOf(reply)).toContain('GitHub is not set up in this server');
    expect(gh.requests).toEqual([]);
  });

  it('looks up the repository and issues once configured, by prefix and slash', async () => {
    h.app.settings.set('git', guildId, 'repo', gh.repo, 'test');
    h.app.settings.set('git', guildId, 'api_url', gh.url, 'test');
    h.app.settings.set('git', guildId, 'token', gh.token, 'test');

    const repo = await h.say('member1', 'general', '$git r');
    const embed = repo.embeds[0]!;
    expect(embed.title).toBe('allthingslinux/tux');
    expect(embed.fields?.map((f) => [f.name, f.value])).toEqual([
      ['Description', 'Tux is an all in one bot for the All Things Linux discord server.'],
      ['Stars', '421'],
      ['Forks', '87'],
      ['Open Issues', '2'],
    ]);
    expect(JSON.stringify(repo.components)).toContain('https://github.com/allthingslinux/tux');
    expect(gh.requests.at(-1)).toMatchObject({
      path: '/repos/allthingslinux/tux',
      authorization: `Bearer ${gh.token}`,
    });

    const issue = await h.say('member1', 'general', '$g issue 7');
    expect(issue.embeds[0]?.title).toBe('Add a deepfry command');
    expect(textOf(issue)).toContain('Pillow, but faster.');
    expect(issue.embeds[0]?.fields?.find((f) => f.name === 'User')?.value).toBe('kzndotsh');

    expect(textOf(await h.say('member1', 'general', '$git gi 999'))).toContain(
      'Error fetching issue: Issue #999 in allthingslinux/tux was not found.',
    );

    const slash = await h.slash('member1', 'general', {
      name: 'git',
      subcommand: 'get_issue',
      options: { issue_number: 8 },
    });
    expect(slash.original?.embeds[0]?.title).toBe('Crash on start');
    expect(slash.original?.embeds[0]?.fields?.find((f) => f.name === 'State')?.value).toBe('closed');
  });

  it('creates an issue only for rank 5, signed with the author', async () => {
    const denied = await h.say('member1', 'general', '$git ci "Broken thing" It broke.');
    expect(textOf(denied)).toMatch(/rank|permission/i);
    expect(gh.requests.some((r) => r.method === 'POST')).toBe(false);

    const made = await h.say('owner', 'general', '$git ci "Broken thing" It broke after the update.');
    expect(made.embeds[0]?.title).toBe('Issue Created');
    expect(made.embeds[0]?.fields?.map((f) => f.value)).toEqual([
      '9',
      'Broken thing',
      'It broke after the update.\n\nAuthor: alice',
    ]);
    expect(gh.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/repos/allthingslinux/tux/issues',
      body: { title: 'Broken thing', body: 'It broke after the update.\n\nAuthor: alice' },
    });
  });

  it('says when GitHub refuses the token, and never shows, audits or logs it', async () => {
    const listing = await h.say('owner', 'general', '$config module git');
    expect(textOf(listing)).toContain('********');
    expect(textOf(listing)).not.toContain(gh.token);
    const audit = JSON.stringify(h.app.audit.query({ action: 'settings.set' }));
    expect(audit).toContain('********');
    expect(audit).not.toContain(gh.token);
    h.app.logs.root.warn(`something printed ${gh.token}`);
    await h.app.logs.flush();
    const logged = JSON.stringify(h.app.logs.hub.recent());
    expect(logged).toContain('something printed [REDACTED]');
    expect(logged).not.toContain(gh.token);

    // Typed in a channel, a secret is refused and its message deleted; the ephemeral slash form sets it.
    const typed = await h.send('owner', 'general', '$config module git token ghp_typedInChannel000');
    const refusal = await h.fake.control.waitForMessage({
      channelId: typed.channel_id,
      after: typed.id,
      authorId: h.fake.botId,
    });
    expect(textOf(refusal)).toContain('`git.token` is a secret: set it with `/config module`');
    expect(h.fake.world.messages.has(typed.id)).toBe(false);
    expect(h.app.settings.get<{ token: string }>('git', guildId).token).toBe(gh.token);
    const bySlash = await h.slash('owner', 'general', {
      name: 'config',
      subcommand: 'module',
      options: { module: 'git', key: 'token', value: 'ghp_wrongTokenWrongToken' },
    });
    expect(bySlash.ephemeral).toBe(true);
    expect(textOf(bySlash.original)).toContain('`git.token` is now `"********"`');

    expect(textOf(await h.say('member1', 'general', '$git r'))).toContain(
      'Error fetching repository: GitHub refused the token (401).',
    );
  });
});
