/**
 * Plugins through real discord.js and the emulator: the documented example plugin loaded from data/plugins,
 * its settings, per-guild switch and events; a broken plugin and a throwing one isolated from everything else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsExampleFiles } from '#src/plugin-host/docs-example.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

const THROWER = `export default (tux) => ({
  commands: [tux.api.defineCommand({ name: 'boom', description: 'Throws', defaultRank: 0, run() { throw new Error('plugin bug'); } })],
  events: [{ event: 'guildMemberAdd', run() { throw new Error('event bug'); } }],
  onMessage(message) { if (message.content === 'crash') throw new Error('message bug'); },
});`;

describe('plugins', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      plugins: {
        greeter: docsExampleFiles(),
        thrower: {
          'plugin.json': JSON.stringify({ name: 'thrower', version: '0.0.1', api: '^1.0.0' }),
          'index.js': THROWER,
        },
        future: {
          'plugin.json': JSON.stringify({ name: 'future', version: '9.0.0', api: '^2.0.0' }),
          'index.js': 'export default () => ({})',
        },
        clash: {
          'plugin.json': JSON.stringify({ name: 'clash', version: '1.0.0', api: '^1.0.0' }),
          'index.js': `export default (tux) => ({ commands: [tux.api.defineCommand({ name: 'ping', description: 'x', defaultRank: 0, run() {} })] });`,
        },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('runs the example plugin’s command with the guild’s settings, and isolates the broken plugins', async () => {
    const states = Object.fromEntries(h.app.modules.list().map((m) => [m.name, m]));
    expect(states.greeter).toMatchObject({ status: 'enabled', version: '1.0.0', source: 'plugins/greeter' });
    expect(states.future).toMatchObject({ status: 'failed', source: 'plugins/future' });
    expect(states.future?.error).toContain('needs plugin API ^2.0.0, but this Tux provides 1.2.0');
    expect(states.clash?.error).toBe('command name "ping" is already used by core');
    expect(textOf(await h.say('member1', 'general', '$ping'))).toMatch(/Pong|ms/i);

    expect((await h.say('member1', 'general', '$hello')).content).toMatch(/^Hello, \w+!$/);
    const guildId = h.id('guilds', 'demo');
    h.app.settings.set('greeter', guildId, 'greeting', 'Howdy', 'test');
    expect((await h.say('member1', 'general', '$hello Bob')).content).toBe('Howdy, Bob!');
    // The plugin's checkSetting refuses a value when it is set; nothing changes.
    expect(() => h.app.settings.set('greeter', guildId, 'greeting', 'Hi @everyone', 'test')).toThrow(
      /greeter.greeting was refused: a greeting may not ping @everyone or @here/,
    );
    expect(h.app.settings.get<{ greeting: string }>('greeter', guildId).greeting).toBe('Howdy');
    expect(textOf(await h.say('member1', 'general', '$hello nobody'))).toContain('Nobody cannot be greeted.');
  });

  it('is switched off in one guild from the console’s operation, and on again', async () => {
    const guildId = h.id('guilds', 'demo');
    await h.app.modules.disable('greeter', { guildId, actor: 'test' });
    expect(textOf(await h.say('member1', 'general', '$hello'))).toContain('is turned off here (module greeter)');
    await h.app.modules.enable('greeter', { guildId, actor: 'test' });
    expect((await h.say('member1', 'general', '$hello Ann')).content).toBe('Howdy, Ann!');
  });

  it('welcomes a joining member only once a channel is configured, despite another plugin throwing', async () => {
    const guildId = h.id('guilds', 'demo');
    const general = h.id('channels', 'general');
    const first = await h.fake.control.createUser({ username: 'newcomer1' });
    const marker = await h.send('member1', 'general', 'before the joins');
    await h.fake.control.joinGuild({ guildId, userId: first.id });
    h.app.settings.set('greeter', guildId, 'welcome_channel', general, 'test');
    const second = await h.fake.control.createUser({ username: 'newcomer2' });
    await h.fake.control.joinGuild({ guildId, userId: second.id });
    const welcome = await h.fake.control.waitForMessage({
      channelId: general,
      after: marker.id,
      authorId: h.fake.botId,
      timeoutMs: 8000,
    });
    expect(welcome.content).toBe(`Welcome, <@${second.id}>!`);
  });

  it('gives an error id for a plugin command that throws, and keeps running', async () => {
    expect(textOf(await h.say('member1', 'general', '$boom'))).toMatch(/Something went wrong \(error id `[\w-]+`\)/);
    await h.send('member1', 'general', 'crash');
    expect((await h.say('member1', 'general', '$hello Zed')).content).toBe('Howdy, Zed!');
    expect(h.app.modules.list().find((m) => m.name === 'thrower')?.status).toBe('enabled');
  });
});
