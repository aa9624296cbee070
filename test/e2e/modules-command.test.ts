/** `modules` from Discord: listing modules and plugins, switching them per server and (owners) everywhere; help. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('modules command', () => {
  let h: Harness;
  const owner = (text: string) => h.say('owner', 'general', text, 8000);
  beforeAll(async () => {
    h = await startHarness({ owners: ['owner'] });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('lists built-in modules and plugins with their source, version and state here; members may not', async () => {
    expect(textOf(await h.say('member1', 'general', '$modules'))).toMatch(/permission|rank/i);
    const list = textOf(await owner('$modules list'));
    expect(list).toContain('Modules and plugins');
    expect(list).toContain('**fact** · bundled plugin 1.0.0 — on');
    expect(list).toContain('**supportnotifier** · bundled plugin 1.0.0 — on');
    expect(list).toContain('**core** — on (always on)');
  });

  it('switches a plugin off and on for this server, by prefix and slash', async () => {
    const guildId = h.id('guilds', 'demo');
    expect(textOf(await owner('$modules disable fact'))).toContain('`fact` is now off in this server.');
    expect(h.app.modules.isEnabled('fact', guildId)).toBe(false);
    expect(textOf(await h.say('member1', 'general', '$fact linux'))).toContain('is turned off here (module fact)');
    expect(textOf(await owner('$plugins'))).toContain('**fact** · bundled plugin 1.0.0 — off here');
    const on = await h.slash('owner', 'general', { name: 'modules', subcommand: 'enable', options: { name: 'fact' } });
    expect(textOf(on.original)).toContain('`fact` is now on in this server.');
    expect((await h.say('member1', 'general', '$fact linux')).embeds[0]?.title).toBe('Fun Fact (Linux)');
    const audit = h.app.audit.query({ action: 'module.enable' });
    expect(audit.some((r) => r.target === `fact@${guildId}` && r.actor === `discord:${h.id('users', 'owner')}`)).toBe(
      true,
    );
  });

  it('refuses what it cannot do, and changes nothing', async () => {
    expect(textOf(await owner('$modules disable core'))).toContain('`core` is always on.');
    expect(textOf(await owner('$modules disable nope'))).toContain('No module or plugin `nope`.');
    expect(h.app.modules.isEnabled('core')).toBe(true);
    await owner(`$config roles assign <@&${h.id('roles', 'adminRole')}> 5`);
    expect(textOf(await h.say('admin', 'general', '$modules disable fact -global', 8000))).toContain(
      'Only the bot owner switches a module for every server.',
    );
    expect(textOf(await h.say('admin', 'general', '$modules disable fact', 8000))).toContain(
      '`fact` is now off in this server.',
    );
    expect(h.app.modules.isEnabled('fact')).toBe(true);
    await h.say('admin', 'general', '$modules enable fact', 8000);
  });

  it('switches a plugin for every server with -global (owners), and says when a server switch is not enough', async () => {
    expect(textOf(await owner('$modules disable flagremover -global'))).toContain(
      '`flagremover` is now off in every server.',
    );
    expect(textOf(await owner('$modules'))).toContain('**flagremover** · bundled plugin 1.0.0 — off everywhere');
    expect(textOf(await owner('$modules enable flagremover'))).toContain('It is off for every server, though');
    expect(textOf(await owner('$modules enable flagremover -g'))).toContain('`flagremover` is now on in every server.');
    expect(h.app.modules.isEnabled('flagremover', h.id('guilds', 'demo'))).toBe(true);
  });

  it('shows the plugins’ commands in help', async () => {
    const fact = textOf(await h.say('member1', 'general', '$help fact'));
    expect(fact).toContain('Get a random fun fact');
    expect(fact).toContain('funfact');
    const rolecount = textOf(await h.say('member1', 'general', '$help rolecount'));
    expect(rolecount).toContain('Show how many members have each role of a group');
    const modules = textOf(await owner('$help modules'));
    expect(modules).toContain('List the modules and plugins');
  });
});
