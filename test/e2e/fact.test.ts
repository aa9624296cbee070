/** The fact plugin through real discord.js and the emulator; web facts from a local stand-in, off until turned on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebFake, type WebFake } from '#test/web-fakes/web-fake-server.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('fact plugin', () => {
  let h: Harness;
  let web: WebFake;
  const say = (text: string) => h.say('owner', 'general', text, 8000);

  beforeAll(async () => {
    web = await startWebFake();
    h = await startHarness({ owners: ['owner'] });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await web?.close();
  });

  it('tells a shipped fact by category key or display name, by prefix, alias and slash', async () => {
    const linux = await say('$fact linux');
    expect(linux.embeds[0]?.title).toBe('Fun Fact (Linux)');
    expect(linux.embeds[0]?.description?.length).toBeGreaterThan(10);
    expect((await say('$funfact Taco Bell')).embeds[0]?.title).toBe('Fun Fact (Taco Bell)');
    const botName = h.fake.world.users.get(h.fake.botId)?.username as string;
    const tux = await say(`$fact ${botName.toUpperCase()}`);
    expect(tux.embeds[0]?.title).toBe(`Fun Fact (${botName})`);
    expect(tux.embeds[0]?.description).not.toMatch(/\{bot_name\}|\{bot_version\}|\{prefix\}/);
    const slash = await h.slash('member1', 'general', { name: 'fact', options: { category: 'linux' } });
    expect(slash.original?.embeds?.[0]?.title).toBe('Fun Fact (Linux)');
  });

  it('keeps the web categories off until a server turns them on, then fetches them through the HTTP client', async () => {
    const guildId = h.id('guilds', 'demo');
    const unknown = textOf(await say('$fact nope'));
    expect(unknown).toContain('Category Not Found');
    expect(unknown).toContain("Invalid category 'nope'. Available: random, linux, tux, taco_bell");
    h.app.settings.set('fact', guildId, 'cat_url', `${web.url}/catfact/fact`, 'test');
    expect(textOf(await say('$fact cat'))).toContain('Cat facts come from the web, which is off here.');
    expect(web.hits.get('/catfact') ?? 0).toBe(0);

    h.app.settings.set('fact', guildId, 'web_facts', true, 'test');
    const cat = await say('$fact cat');
    expect(cat.embeds[0]?.title).toBe('Fun Fact (Cat)');
    expect(cat.embeds[0]?.description).toBe('A group of cats is called a clowder.');
    expect(cat.embeds[0]?.footer?.text).toBe(`From ${new URL(web.url).host}`);
    expect(web.hits.get('/catfact')).toBe(1);
    expect(textOf(await say('$fact nope'))).toContain('Available: random, linux, cat, useless, tux, taco_bell');
  });

  it('checks a web source address when it is set: a bad one is refused, says why, and changes nothing', async () => {
    const guildId = h.id('guilds', 'demo');
    const good = `${web.url}/catfact/fact`;
    expect(textOf(await say(`$config module fact cat_url ${good}`))).toContain('`fact.cat_url` is now');
    const audited = () => h.app.audit.query({ action: 'settings.set' }).length;
    const before = audited();
    const refusals: [string, string][] = [
      ['ftp://example.org/fact', 'ftp addresses are not fetched: give an http:// or https:// address'],
      ['javascript:alert(1)', 'javascript addresses are not fetched'],
      ['catfact.ninja/fact', 'not a web address: give an http:// or https:// address'],
      ['https://', 'not a web address'],
      ['https://user:hunter2@example.org/fact', 'may not hold a user name or password'],
    ];
    for (const [value, reason] of refusals) {
      const reply = textOf(await say(`$config module fact cat_url ${value}`));
      expect(reply).toContain('Not changed: fact.cat_url was refused: ');
      expect(reply).toContain(reason);
    }
    const bySlash = await h.slash('owner', 'general', {
      name: 'config',
      subcommand: 'module',
      options: { module: 'fact', key: 'useless_url', value: 'gopher://example.org/facts' },
    });
    expect(textOf(bySlash.original)).toContain('Not changed: fact.useless_url');
    expect(() => h.app.settings.set('fact', guildId, 'cat_url', 'file:///etc/passwd', 'test')).toThrow(
      /file addresses are not fetched/,
    );
    expect(h.app.settings.get<{ cat_url: string }>('fact', guildId).cat_url).toBe(good);
    expect(audited()).toBe(before);
    expect((await say('$fact cat')).embeds[0]?.description).toBe('A group of cats is called a clowder.');
  });

  it('says plainly when a web source is down, unset or answers in the wrong shape', async () => {
    const guildId = h.id('guilds', 'demo');
    h.app.settings.set(
      'fact',
      guildId,
      'useless_url',
      `${web.url}/uselessfacts/api/v2/facts/random?language=en`,
      'test',
    );
    expect((await say('$fact useless')).embeds[0]?.description).toBe('Honey never spoils.');
    web.mode.set('/uselessfacts', 'error500');
    expect(textOf(await say('$fact useless'))).toMatch(/Could not get a Useless fact right now \(.+\)/);
    web.mode.set('/uselessfacts', 'ok');
    h.app.settings.set('fact', guildId, 'useless_url', `${web.url}/xkcd/info.0.json`, 'test');
    expect(textOf(await say('$fact useless'))).toContain('answered without a `text` field');
    h.app.settings.set('fact', guildId, 'useless_url', null, 'test');
    expect(textOf(await say('$fact useless'))).toContain('No web address is set for Useless facts.');
  });
});
