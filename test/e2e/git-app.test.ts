/**
 * The git plugin signed in as a GitHub App, end to end: real discord.js against the emulator, GitHub played by a
 * local fake that checks the app's JWT with the app's public key and hands out installation tokens that expire.
 * The installation token is reused while valid, renewed before it expires and once when GitHub refuses it; a wrong
 * key gets a clear answer; a malformed key is refused when set and changes nothing; no key, JWT or token is shown,
 * audited or logged.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GithubFake, startGithubFake } from '../web-fakes/github-fake.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('git plugin signed in as a GitHub App', () => {
  let h: Harness;
  let gh: GithubFake;
  let guildId: string;
  const say = (user: string, text: string) => h.say(user, 'general', text, 20_000);
  const exchanges = () => gh.requests.filter((r) => r.path.startsWith('/app/installations/'));
  const set = (key: string, value: unknown) => h.app.settings.set('git', guildId, key, value, 'test');

  beforeAll(async () => {
    gh = await startGithubFake();
    h = await startHarness();
    guildId = h.id('guilds', 'demo');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await gh?.close();
  });

  it('signs in with the app id, installation and key (pasted with \\n), and reuses the token while it is valid', async () => {
    set('repo', gh.repo);
    set('api_url', gh.url);
    set('app_id', gh.app.id);
    set('installation_id', gh.app.installationId);
    // Pasted into the slash form's one-line value, as an admin would: line breaks written as \n.
    const bySlash = await h.slash('owner', 'general', {
      name: 'config',
      subcommand: 'module',
      options: { module: 'git', key: 'private_key', value: gh.app.privateKey.trim().replaceAll('\n', '\\n') },
    });
    expect(bySlash.ephemeral).toBe(true);
    expect(textOf(bySlash.original)).toContain('`git.private_key` is now `"********"`');

    const repo = await say('member1', '$git r');
    expect(repo.embeds[0]?.title).toBe('allthingslinux/tux');
    expect(gh.app.refusedJwts).toEqual([]);
    expect(gh.app.issued).toHaveLength(1);
    expect(exchanges()).toHaveLength(1);
    expect(exchanges()[0]).toMatchObject({
      method: 'POST',
      path: `/app/installations/${gh.app.installationId}/access_tokens`,
    });
    expect(gh.requests.at(-1)).toMatchObject({
      path: '/repos/allthingslinux/tux',
      authorization: `Bearer ${gh.app.issued[0]?.token}`,
    });

    expect((await say('member1', '$git issue 7')).embeds[0]?.title).toBe('Add a deepfry command');
    const made = await say('owner', '$git ci "From the app" Signed in as the app.');
    expect(made.embeds[0]?.title).toBe('Issue Created');
    expect(gh.app.issued).toHaveLength(1);
    expect(gh.requests.at(-1)?.authorization).toBe(`Bearer ${gh.app.issued[0]?.token}`);
  });

  it('uses the app, not the token, while both are set, and says so in the settings and in help', async () => {
    set('token', gh.token);
    await say('member1', '$git r');
    expect(gh.requests.at(-1)?.authorization).toBe(`Bearer ${gh.app.issued[0]?.token}`);
    expect(textOf(await say('owner', '$config module git'))).toContain(
      `Sign-in: as the GitHub App ${gh.app.id} (installation ${gh.app.installationId}). The \`token\` setting is not used while the app is set.`,
    );
    expect(textOf(await say('member1', '$help git'))).toContain('signed in as the GitHub App when set, else by token');

    h.app.settings.reset('git', guildId, 'installation_id', 'test');
    expect(textOf(await say('owner', '$config module git'))).toContain(
      'Sign-in: with the `token` setting. The GitHub App sign-in is not complete (missing `installation_id`).',
    );
    await say('member1', '$git r');
    expect(gh.requests.at(-1)?.authorization).toBe(`Bearer ${gh.token}`);
    set('installation_id', gh.app.installationId);
    h.app.settings.reset('git', guildId, 'token', 'test');
  });

  it('asks for a new token once when GitHub refuses the held one, and before the held one expires', async () => {
    gh.app.tokenTtlMs = 3_000;
    gh.app.revokeAll();
    const before = gh.requests.length;
    expect((await say('member1', '$git r')).embeds[0]?.title).toBe('allthingslinux/tux');
    const seen = gh.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\d+/g, 'N')}`);
    expect(seen).toEqual([
      'GET /repos/allthingslinux/tux',
      'POST /app/installations/N/access_tokens',
      'GET /repos/allthingslinux/tux',
    ]);
    expect(gh.app.issued).toHaveLength(2);

    // The short-lived token: once it has expired, the fake refuses it, and the plugin has already moved on.
    const short = gh.app.issued[1]!;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, short.expiresAt - Date.now()) + 100));
    const direct = await fetch(`${gh.url}/repos/${gh.repo}`, { headers: { authorization: `Bearer ${short.token}` } });
    expect(direct.status).toBe(401);
    gh.app.tokenTtlMs = 3_600_000;
    const mark = gh.requests.length;
    expect((await say('member1', '$git issue 8')).embeds[0]?.title).toBe('Crash on start');
    expect(gh.requests.slice(mark).map((r) => r.path.replace(/\d+/g, 'N'))).toEqual([
      '/app/installations/N/access_tokens',
      '/repos/allthingslinux/tux/issues/N',
    ]);
    expect(gh.app.issued).toHaveLength(3);
    expect(gh.requests.at(-1)?.authorization).toBe(`Bearer ${gh.app.issued[2]?.token}`);
  }, 60_000);

  it('tells the member plainly when the key is not the app’s, or the installation is wrong', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    set('private_key', other);
    expect(textOf(await say('member1', '$git r'))).toContain(
      'Error fetching repository: GitHub refused the GitHub App sign-in (401). Check that `app_id` is the App ID and `private_key` is that app’s key.',
    );
    expect(gh.app.refusedJwts.at(-1)).toBe('signature does not match the app key');

    set('private_key', gh.app.privateKey.replaceAll('\n', ' '));
    set('installation_id', '999');
    expect(textOf(await say('member1', '$git issue 7'))).toContain(
      'Error fetching issue: GitHub knows no installation 999 of this app (404). Check `installation_id`.',
    );
    set('installation_id', gh.app.installationId);
    expect((await say('member1', '$git r')).embeds[0]?.title).toBe('allthingslinux/tux');
  });

  it('refuses a malformed key or id when it is set, and changes nothing', async () => {
    const keyBefore = h.app.settings.get<{ private_key: string }>('git', guildId).private_key;
    const auditBefore = h.app.audit.query({ action: 'settings.set' }).length;
    const broken = '-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEAnotakey\\n-----END RSA PRIVATE KEY-----';
    const bySlash = await h.slash('owner', 'general', {
      name: 'config',
      subcommand: 'module',
      options: { module: 'git', key: 'private_key', value: broken },
    });
    const text = textOf(bySlash.original);
    expect(text).toContain('Not changed: git.private_key was refused: the PEM does not parse as a private key');
    expect(text).not.toContain('must be a string');
    expect(text).not.toContain('MIIEpAIBAAKCAQEAnotakey');
    expect(() => set('private_key', 'my key')).toThrow(/not a PEM private key: paste the whole \.pem file/);
    expect(() => set('app_id', 'tux-app')).toThrow(/give the App ID/);
    expect(() => set('api_url', 'ftp://example.org')).toThrow(/http\(s\) URL/);
    expect(h.app.settings.get<{ private_key: string }>('git', guildId).private_key).toBe(keyBefore);
    expect(h.app.audit.query({ action: 'settings.set' })).toHaveLength(auditBefore);
    expect((await say('member1', '$git r')).embeds[0]?.title).toBe('allthingslinux/tux');
  });

  it('never shows, audits or logs the key, the JWTs or the installation tokens', async () => {
    const listing = textOf(await say('owner', '$config module git'));
    expect(listing).toMatch(/\*\*private_key\*\* = `"\*\*\*\*\*\*\*\*"`/);
    const keyLine = gh.app.privateKey.split('\n')[1] as string;
    const secrets = [
      keyLine,
      ...gh.app.issued.map((t) => t.token),
      ...exchanges().map((r) => (r.authorization ?? '').replace('Bearer ', '').split('.')[2] as string),
    ];
    await h.app.logs.flush();
    const logged = JSON.stringify(h.app.logs.hub.recent({}, 5000));
    const audit = JSON.stringify(h.app.audit.query({}));
    expect(audit).toContain('"key":"private_key"');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(20);
      expect(listing).not.toContain(secret);
      expect(logged).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
  });
});
