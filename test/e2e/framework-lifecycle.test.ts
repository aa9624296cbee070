import Database from 'better-sqlite3';
import { GatewayIntentBits } from 'discord.js';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { defineCommand } from '#discord/commands/index.ts';
import { NO_TOKEN_DETAIL } from '#discord/discord-service.ts';
import { guilds } from '#discord/guilds/schema.ts';
import { defineEvent, defineModule } from '#discord/module.ts';
import { permissionRanks } from '#discord/permissions/schema.ts';
import { startActivityRotation } from '#modules/core/activity-rotation.ts';
import { renderGuildCreate } from '#test/fake-discord/render.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

const extra = defineModule({
  name: 'extra',
  description: 'A module to toggle',
  commands: [
    defineCommand({ name: 'extra', description: 'Extra command', defaultRank: 0, run: (ctx) => ctx.reply('extra ok') }),
  ],
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A command and an event handler that are mid-way (a slow step) when the app is asked to stop, then write. */
const slowWriters = defineModule({
  name: 'slowwriters',
  description: 'Slow steps before a database write',
  commands: [
    defineCommand({
      name: 'stuck',
      description: 'Never finishes',
      defaultRank: 0,
      run: () => new Promise<void>(() => undefined),
    }),
    defineCommand({
      name: 'slowwrite',
      description: 'Waits, then writes',
      defaultRank: 0,
      async run(ctx) {
        await sleep(500);
        ctx.app.audit.record({ actor: `discord:${ctx.user.id}`, action: 'test.slow_command', outcome: 'ok' });
        await ctx.reply('written');
      },
    }),
  ],
  events: [
    defineEvent({
      event: 'messageCreate',
      async run(app, message) {
        if (message.content !== 'slow event') return;
        await sleep(500);
        app.audit.record({ actor: `discord:${message.author.id}`, action: 'test.slow_event', outcome: 'ok' });
      },
    }),
  ],
});

const WRITE = /^(POST|PUT|PATCH|DELETE)$/;

async function commandWrites(h: Harness, since = 0) {
  const all = await h.fake.control.requests({ since });
  return all.filter((r) => r.route?.includes('/commands') && WRITE.test(r.method));
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('discord runtime lifecycle', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('registers slash commands once and writes nothing for an unchanged set; toggling a module syncs the difference', async () => {
    h = await startHarness({ modules: [extra] });
    const first = await commandWrites(h);
    expect(first.map((r) => r.method)).toEqual(['PUT']);
    const registered = (await h.fake.control.commands()) as { name: string }[];
    expect(registered.map((c) => c.name)).toEqual(expect.arrayContaining(['config', 'extra', 'help', 'ping']));

    const mark = (await h.fake.control.requests()).at(-1)!.id;
    const again = await h.discord.runtime.syncCommands();
    expect(again).toMatchObject({ created: [], updated: [], deleted: [], unchanged: registered.length });
    expect(await commandWrites(h, mark)).toEqual([]);

    // A restart of the gateway connection finds the set unchanged.
    await h.discord.stop();
    await h.discord.start();
    await h.discord.waitReady(10_000);
    await h.discord.runtime.syncCommands();
    expect(await commandWrites(h, mark)).toEqual([]);

    await h.app.modules.disable('extra');
    await until(async () => (await commandWrites(h!, mark)).length === 1);
    expect((await commandWrites(h, mark)).map((r) => r.method)).toEqual(['DELETE']);
    await h.app.modules.enable('extra');
    await until(async () => (await commandWrites(h!, mark)).length === 2);
    expect((await commandWrites(h, mark)).map((r) => r.method)).toEqual(['DELETE', 'POST']);
    expect(textOf(await h.say('member1', 'general', '$extra'))).toBe('extra ok');
  });

  it('a module switched off in one guild refuses its commands there', async () => {
    h = await startHarness({ modules: [extra] });
    await h.app.modules.disable('extra', { guildId: h.id('guilds', 'demo') });
    expect(textOf(await h.say('member1', 'general', '$extra'))).toMatch(/turned off here/);
  });

  it('stays idle without a token and starts when one is set', async () => {
    h = await startHarness({ token: null });
    const health = h.discord.health();
    expect(health.status).toBe('stopped');
    expect(health.detail).toBe(NO_TOKEN_DETAIL);
    expect(h.discord.statusProvider.status().state).toMatch(/^idle: no token/);
    expect(h.app.logs.hub.recent({ text: 'no token' }, 5).length).toBeGreaterThan(0);
    await h.app.config.set('bot.token', h.fake.token);
    await h.discord.waitReady(10_000);
    expect(h.discord.health().status).toBe('ok');
    await h.discord.runtime.syncCommands();
    expect(textOf(await h.say('member1', 'general', '$ping'))).toMatch(/Pong!/);
    expect(JSON.stringify(h.app.logs.hub.recent({}, 1000))).not.toContain(h.fake.token);
  });

  it('reports a rejected token as down without retrying', async () => {
    h = await startHarness({ token: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.bad.token', start: false });
    await h.app.start();
    await until(() => h!.discord.health().status === 'down');
    expect(h.discord.health().detail).toMatch(/rejected the token/);
    await new Promise((r) => setTimeout(r, 500));
    const attempts = (await h.fake.control.requests()).filter((r) => r.path.includes('/gateway/bot'));
    expect(attempts.length).toBe(1);
  });

  it('creates guild rows and default ranks on join and keeps them when the bot leaves', async () => {
    h = await startHarness();
    const guildId = h.id('guilds', 'demo');
    const row = () => h!.app.db.orm.select().from(guilds).where(eq(guilds.id, guildId)).get();
    expect(row()).toMatchObject({ name: 'Tux Demo', leftAt: null });
    const ranks = () => h!.app.db.orm.select().from(permissionRanks).where(eq(permissionRanks.guildId, guildId)).all();
    expect(
      ranks()
        .map((r) => r.rank)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    h.fake.gateway.dispatch('GUILD_DELETE', { id: guildId }, { guildId });
    await until(() => row()?.leftAt != null);
    expect(ranks()).toHaveLength(8);

    const stored = h.fake.world.guild(guildId);
    h.fake.gateway.dispatch(
      'GUILD_CREATE',
      renderGuildCreate(h.fake.world, stored, { allMembers: false, presences: false }),
      { guildId },
    );
    await until(() => row()?.leftAt === null);
  });

  it('rotates the configured activity with placeholders', async () => {
    h = await startHarness();
    await h.app.config.set('bot.activities', [
      { type: 'watching', name: '{guild_count} guilds on {bot_name} {bot_version}' },
    ]);
    const stop = startActivityRotation(h.app, { firstDelayMs: 10 });
    await until(async () => JSON.stringify(await h!.fake.control.botPresence()).includes('guilds on'), 5000);
    stop();
    const presence = JSON.stringify(await h.fake.control.botPresence());
    expect(presence).toContain(`1 guilds on Tux ${h.app.version}`);
  });

  it('requests only the intents enabled modules need, and reconnects when a module needs more', async () => {
    const needy = defineModule({
      name: 'needy',
      description: 'Needs members',
      intents: [GatewayIntentBits.GuildMembers],
    });
    const later = defineModule({
      name: 'later',
      description: 'Needs scheduled-event events, off by default',
      defaultEnabled: false,
      intents: [GatewayIntentBits.GuildScheduledEvents, GatewayIntentBits.GuildPresences],
    });
    h = await startHarness({ modules: [needy, later] });
    const intents = () => [...h!.fake.gateway.sessions.values()].map((s) => s.intents).at(-1) ?? 0;
    expect(intents() & GatewayIntentBits.GuildMembers).not.toBe(0);
    expect(intents() & GatewayIntentBits.GuildScheduledEvents).toBe(0);
    expect(intents() & GatewayIntentBits.GuildPresences).toBe(0);
    const identifies = h.fake.gateway.stats.identifies;
    await h.app.modules.enable('later');
    await until(() => h!.fake.gateway.stats.identifies > identifies && h!.discord.runtime.isReady(), 10_000);
    expect(intents() & GatewayIntentBits.GuildScheduledEvents).not.toBe(0);
    // Presences stay off unless discord.presences allows them.
    expect(intents() & GatewayIntentBits.GuildPresences).toBe(0);
    expect(textOf(await h.say('member1', 'general', '$ping'))).toMatch(/Pong!/);
  });

  it('reports refused privileged intents as down', async () => {
    h = await startHarness({ fakeOptions: { privilegedIntents: 0 }, start: false });
    await h.app.start();
    await until(() => h!.discord.health().status === 'down', 10_000);
    expect(h.discord.health().detail).toMatch(/privileged intents/i);
  });

  it('counts reconnects and recovers after the gateway drops', async () => {
    h = await startHarness();
    expect(h.discord.statusProvider.status()).toMatchObject({ state: 'ready', reconnects: 0, guilds: 1 });
    expect(h.discord.statusProvider.guilds()).toEqual([
      { id: h.id('guilds', 'demo'), name: 'Tux Demo', members: expect.any(Number) },
    ]);
    await h.fake.control.dropConnections();
    await until(() => h!.discord.statusProvider.status().reconnects > 0, 10_000);
    await until(() => h!.discord.health().status === 'ok', 10_000);
    expect(textOf(await h.say('member1', 'general', '$ping'))).toMatch(/Pong!/);
  });

  it('registers per development guild when bot.dev_guild_ids is set', async () => {
    h = await startHarness();
    const guildId = h.id('guilds', 'demo');
    await h.app.config.set('bot.dev_guild_ids', [guildId]);
    await until(async () => ((await h!.fake.control.commands({ guildId })) as unknown[]).length > 0);
    const names = ((await h.fake.control.commands({ guildId })) as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['ping', 'help', 'config']));
  });

  it('goes down on gateway close 4004 (token reset), does not reconnect, and connects again when the token is set', async () => {
    h = await startHarness();
    const connections = h.fake.gateway.stats.connections;
    for (const socket of h.fake.gateway.sockets) socket.close(4004, 'Authentication failed.');
    await until(() => h!.discord.health().status === 'down');
    expect(h.discord.health().detail).toMatch(/rejected the token \(4004\)/);
    await new Promise((r) => setTimeout(r, 800));
    expect(h.fake.gateway.stats.connections).toBe(connections);
    expect(h.fake.gateway.sockets.size).toBe(0);
    expect(h.discord.health().status).toBe('down');

    await h.app.config.set('bot.token', '');
    await until(() => h!.discord.health().detail === NO_TOKEN_DETAIL);
    await h.app.config.set('bot.token', h.fake.token);
    await h.discord.waitReady(10_000);
    expect(textOf(await h.say('member1', 'general', '$ping'))).toMatch(/Pong!/);
  });

  it('fills in the gateway ping once the first heartbeat is acknowledged', async () => {
    h = await startHarness({ fakeOptions: { heartbeatMs: 1500 } });
    const gatewayOf = (m: { embeds?: { fields?: { name: string; value: string }[] }[] } | null) =>
      m?.embeds?.[0]?.fields?.find((f) => f.name === 'Gateway')?.value ?? '';
    const reply = await h.say('member1', 'general', '$ping');
    // Right after READY the first heartbeat is usually still pending ("measuring…"); either way a number follows.
    expect(gatewayOf(reply)).toMatch(/^(\d+ ms|measuring…)$/);
    await until(async () => /^\d+ ms$/.test(gatewayOf(await h!.fake.control.message({ messageId: reply.id }))), 5000);
    const slash = await h.slash('member1', 'general', { name: 'ping' });
    expect(gatewayOf(slash.original)).toMatch(/^\d+ ms$/);
  });

  it('retries with backoff when Discord cannot be reached, then connects', async () => {
    h = await startHarness({ start: false });
    await h.fake.control.injectFault({ kind: 'server-error', route: '/gateway/bot', status: 503, times: 4 });
    await h.app.start();
    // The service is down only until the next attempt (300 ms here), which a busy machine can poll past: the log
    // keeps what it said.
    await until(() => h!.app.logs.hub.recent({ text: 'cannot connect to Discord' }, 10).length > 0, 30_000);
    const said = h.app.logs.hub.recent({ text: 'cannot connect to Discord' }, 10).map((e) => e.msg);
    expect(said[0]).toMatch(/cannot connect to Discord; retrying in 0\.3s/);
    await h.discord.waitReady(30_000);
    expect(h.discord.health().status).toBe('ok');
  });

  it('waits for running commands and event handlers before stopping, and takes no new work meanwhile', async () => {
    h = await startHarness({ modules: [slowWriters] });
    const general = h.id('channels', 'general');
    const sent = await h.send('member1', 'general', '$slowwrite');
    await h.send('member1', 'general', 'slow event');
    await sleep(150); // both are inside their slow step now
    const stopping = h.app.stop();
    await sleep(50);
    const late = await h.send('member2', 'general', '$ping');
    await stopping;

    const db = new Database(h.app.db.path, { readonly: true });
    try {
      const actions = db.prepare("SELECT action FROM audit_log WHERE action LIKE 'test.%' ORDER BY id").pluck().all();
      expect(actions.sort()).toEqual(['test.slow_command', 'test.slow_event']);
    } finally {
      db.close();
    }
    // The command could still answer: the client was destroyed only after it finished.
    const replies = await h.fake.control.messages({ channelId: general, limit: 10 });
    const bot = replies.filter((m) => m.author.id === h!.fake.botId && BigInt(m.id) > BigInt(sent.id));
    expect(bot.map((m) => textOf(m))).toEqual(['written']);
    expect(BigInt(late.id)).toBeGreaterThan(BigInt(sent.id));
    await sleep(700);
    const errors = h.app.logs.hub.recent({ minLevel: 'error' }, 100);
    expect(errors.map((e) => e.msg)).toEqual([]);
    expect(JSON.stringify(h.app.logs.hub.recent({}, 1000))).not.toMatch(/not open|database is closed/i);
  });

  it('stops after the drain timeout when a command never finishes, naming it', async () => {
    h = await startHarness({ modules: [slowWriters] });
    await h.send('member1', 'general', '$stuck');
    await sleep(150);
    const began = Date.now();
    await h.app.stop();
    const took = Date.now() - began;
    expect(took).toBeGreaterThanOrEqual(4900);
    expect(took).toBeLessThan(8000);
    const warned = h.app.logs.hub.recent({ text: 'still running' }, 10);
    expect(warned.map((e) => e.msg).join('\n')).toMatch(
      /stopping anyway after 5000 ms; still running: message \d+ \(\$stuck\)/,
    );
  });
});
