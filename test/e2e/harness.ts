/**
 * Boots a real Tux (createApp: config file, SQLite, scheduler, modules) with the Discord runtime pointed at the
 * in-process emulator, plus helpers to act as members. Everything lives in a temp dir that stop() deletes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { APIMessage } from 'discord-api-types/v10';
import type { BotContext } from '#discord/context.ts';
import type { DiscordService } from '#discord/discord-service.ts';
import type { BotModule } from '#discord/module.ts';
import { type App, createApp } from '#src/app.ts';
import type { Fixture } from '#test/fake-discord/fixture.ts';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '#test/fake-discord/server.ts';

export interface HarnessOptions {
  fixture?: Fixture | string;
  /** Extra tux.toml text appended to the generated file. */
  toml?: string;
  /** Bot token to configure; null = none (the bot stays idle). Default: the emulator's token. */
  token?: string | null;
  /** Owner user keys (fixture keys). */
  owners?: string[];
  modules?: BotModule[];
  /** Emulator options (privileged intents, heartbeat). */
  fakeOptions?: Omit<FakeDiscordOptions, 'fixture'>;
  /** Plugin folders written to data/plugins before the app is built: folder -> file name -> content. */
  plugins?: Record<string, Record<string, string>>;
  /** Start the app and wait for READY + slash sync (default true). */
  start?: boolean;
}

export interface Harness {
  fake: FakeDiscord;
  app: App & BotContext;
  discord: DiscordService;
  dir: string;
  id(kind: 'users' | 'guilds' | 'roles' | 'channels', key: string): string;
  /** A member sends a message in a channel (fixture keys); resolves with the bot's next message there. */
  say(user: string, channel: string, content: string, timeoutMs?: number): Promise<APIMessage>;
  /** Sends without waiting for a reply. */
  send(user: string, channel: string, content: string): Promise<APIMessage>;
  /** Runs a slash command and waits for the bot's response. */
  slash(
    user: string,
    channel: string,
    call: {
      name: string;
      subcommandGroup?: string;
      subcommand?: string;
      options?: Record<string, string | number | boolean>;
    },
  ): Promise<Awaited<ReturnType<FakeDiscord['control']['waitForInteractionResponse']>>>;
  stop(): Promise<void>;
}

const quiet = (): Writable =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

/** The text of a message: content plus embed titles, descriptions and fields. */
export function textOf(m: Pick<APIMessage, 'content' | 'embeds' | 'components'> | null | undefined): string {
  if (!m) return '';
  const parts = [m.content ?? ''];
  for (const e of m.embeds ?? []) {
    parts.push(e.author?.name ?? '', e.title ?? '', e.description ?? '');
    for (const f of e.fields ?? []) parts.push(`${f.name}: ${f.value}`);
    if (e.footer?.text) parts.push(e.footer.text);
  }
  // Components V2: text displays, also inside containers and sections.
  const walk = (components: unknown[] | undefined): void => {
    for (const c of components ?? []) {
      const comp = c as { type?: number; content?: string; components?: unknown[] };
      if (comp.type === 10 && comp.content) parts.push(comp.content);
      walk(comp.components);
    }
  };
  walk((m as { components?: unknown[] }).components);
  return parts.filter(Boolean).join('\n');
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord({
    heartbeatMs: 2000,
    ...opts.fakeOptions,
    ...(opts.fixture ? { fixture: opts.fixture } : {}),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-e2e-'));
  const id = (kind: 'users' | 'guilds' | 'roles' | 'channels', key: string): string => {
    const v = fake.ids[kind][key];
    if (!v) throw new Error(`fixture has no ${kind} "${key}"`);
    return v;
  };
  const token = opts.token === undefined ? fake.token : opts.token;
  const owners = (opts.owners ?? []).map((k) => `"${id('users', k)}"`).join(', ');
  const configPath = path.join(dir, 'tux.toml');
  fs.writeFileSync(
    configPath,
    [
      '[bot]',
      `token = ${JSON.stringify(token ?? '')}`,
      `owner_ids = [${owners}]`,
      '',
      '[discord]',
      `api_url = ${JSON.stringify(fake.apiUrl)}`,
      `cdn_url = ${JSON.stringify(fake.url)}`,
      '',
      '[ssh]',
      'enabled = false',
      '',
      '[paths]',
      `data = ${JSON.stringify(path.join(dir, 'data'))}`,
      `keys = ${JSON.stringify(path.join(dir, 'keys'))}`,
      '',
      '[log]',
      'level = "warn"',
      'file = false',
      '',
      opts.toml ?? '',
    ].join('\n'),
  );
  for (const [folder, files] of Object.entries(opts.plugins ?? {})) {
    const pluginDir = path.join(dir, 'data', 'plugins', folder);
    fs.mkdirSync(pluginDir, { recursive: true });
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(pluginDir, name), content);
  }
  const app = await createApp({
    configPath,
    env: {},
    cwd: dir,
    stdout: quiet(),
    discord: { syncDelayMs: 20, retryDelayMs: 300, clientOptions: { waitGuildTimeout: 200 } },
  });
  const discord = app.discordService;
  for (const m of opts.modules ?? []) app.modules.register(m);
  const botApp = app;

  const h: Harness = {
    fake,
    app: botApp,
    discord,
    dir,
    id,
    async send(user, channel, content) {
      return fake.control.sendMessage({ channelId: id('channels', channel), userId: id('users', user), content });
    },
    async say(user, channel, content, timeoutMs = 5000) {
      const sent = await h.send(user, channel, content);
      return fake.control.waitForMessage({
        channelId: sent.channel_id,
        after: sent.id,
        authorId: fake.botId,
        timeoutMs,
      });
    },
    async slash(user, channel, call) {
      const started = await fake.control.runSlashCommand({
        userId: id('users', user),
        channelId: id('channels', channel),
        ...call,
      });
      return fake.control.waitForInteractionResponse({ interactionId: started.interactionId, timeoutMs: 5000 });
    },
    async stop() {
      await app.stop().catch(() => undefined);
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.start !== false) {
    await app.start();
    if (token) {
      await discord.waitReady(10_000);
      await discord.runtime.syncCommands();
    }
  }
  return h;
}
