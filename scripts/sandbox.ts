/**
 * `npm run sandbox`: try Tux with no Discord account. Starts the bundled Discord emulator with a demo server,
 * starts the appliance against it, and opens a prompt where you type as one of the demo members. The bot's
 * replies and the changes it makes (bans, roles, timeouts, slowmode) are printed as they happen.
 *
 * Options: --data DIR keeps the sandbox's database between runs (default: a temporary directory).
 *          --ssh PORT also starts the admin console on 127.0.0.1:PORT, using ./keys/authorized_keys.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { APIMessage } from 'discord-api-types/v10';
import { createApp } from '#src/app.ts';
import { communityFixture } from '#test/e2e/community-fixture.ts';
import { FakeDiscordControlError } from '#test/fake-discord/control-client.ts';
import type { OptionValue } from '#test/fake-discord/interaction-builder.ts';
import { startFakeDiscord } from '#test/fake-discord/server.ts';
import { sineWav } from '#test/fake-discord/voice/sine-wav.ts';
import { startGithubFake } from '#test/web-fakes/github-fake.ts';
import { startMailcowFake } from '#test/web-fakes/mailcow-fake.ts';
import { startWebFake, webToml } from '#test/web-fakes/web-fake-server.ts';
import { DEMO_FILES, upload } from './sandbox/sandbox-files.ts';
import { answerField, type Form, nextField, openForm } from './sandbox/sandbox-form.ts';
import { type Directory, parseInput, resolveMentions, type SlashShape } from './sandbox/sandbox-input.ts';
import { clean, type Names, renderEvent, renderMessage } from './sandbox/sandbox-render.ts';
import { runWithVoiceTrust, watchVoice } from './sandbox/sandbox-voice.ts';

const HELP = `Type as the current member:
  hello everyone             a plain message (@name and #channel become mentions)
  $ping   $help ban          prefix commands
  /ping   /warn target:@carol reason:"spamming links"   slash commands (name:value options)
Sandbox commands:
  :as NAME       speak as another member (:members lists them)
  :in CHANNEL    move to another channel (:channels lists them)
  :react EMOJI [MESSAGE_ID]   react as the current member to a message (default: the last one in the channel);
                 EMOJI is unicode (⭐) or a custom emoji as name:id
  :invite        create an invite to this channel as the current member (for $info invite)
  :avatar [server]   give the current member a generated global (or server) avatar (for $avatar)
  :edit TEXT     the current member edits their last message in the channel
  :delete        the current member deletes their last message in the channel
  :voice CHANNEL join (or switch to) a voice channel as the current member; :voice leave to hang up
                 (in a voice channel, try $play)
  :press LABEL   press a button (by its label or custom id) of the newest bot message in the channel that has it
                 (for example :press pause on the music player's now-playing message)
  :status TEXT   set the current member's custom status (:status clear removes it; :status offline)
  :post TITLE | TEXT [| TAG, TAG]   open a post in the #support forum as the current member (tags: linux,
                 windows, networking); the support notifier pings Moderators in it
  :attach FILE [TEXT]   send a message with a file from this machine (or demo.jpg, demo.png, demo.gif):
                 :attach demo.jpg $deepfry. A slash option that takes a file takes the same: /deepfry image:demo.png
  :members  :channels  :bans  :help  :quit
When the bot opens a form (/report), it asks for each field in turn; :cancel drops the form.`;

/** Discord's option type for an uploaded file. */
const ATTACHMENT_OPTION = 11;

const { values: flags } = parseArgs({
  options: { data: { type: 'string' }, ssh: { type: 'string' }, quiet: { type: 'boolean' } },
});

const print = (text: string) => process.stdout.write(`${text}\n`);

await runWithVoiceTrust();
// The demo guild plus level roles, a starboard channel and a second small guild; a voice server for music.
const fake = await startFakeDiscord({ fixture: communityFixture(), heartbeatMs: 15_000, voice: true });
// xkcd, tldr, the wikis and run answer from a local stand-in: the sandbox never reaches the internet.
const webFake = await startWebFake();
// GitHub and Mailcow stand-ins for the git and mail plugins (set up for the demo server below).
const githubFake = await startGithubFake();
const mailcowFake = await startMailcowFake();
const guildId = fake.ids.guilds.demo;
if (!guildId) throw new Error('the demo fixture has no "demo" guild');
// A support forum for the support notifier (`:post`).
const supportForum = await fake.control.createForum({
  guildId,
  name: 'support',
  tags: ['linux', 'windows', 'networking'],
});

const tempDir = flags.data ? null : mkdtempSync(join(tmpdir(), 'tux-sandbox-'));
const dir = flags.data ? resolve(flags.data) : (tempDir as string);
mkdirSync(dir, { recursive: true });
const configPath = join(dir, 'tux.toml');
writeFileSync(
  configPath,
  [
    '# Written by npm run sandbox: the appliance talks to the local Discord emulator.',
    '[bot]',
    `token = ${JSON.stringify(fake.token)}`,
    '[discord]',
    `api_url = ${JSON.stringify(fake.apiUrl)}`,
    `cdn_url = ${JSON.stringify(fake.url)}`,
    // Status roles can be tried: presences are requested once a server has one (`$statusroles add`).
    'presences = true',
    '[ssh]',
    `enabled = ${flags.ssh ? 'true' : 'false'}`,
    `port = ${Number(flags.ssh ?? 2222)}`,
    '[paths]',
    `data = ${JSON.stringify(join(dir, 'data'))}`,
    `keys = ${JSON.stringify(resolve('keys'))}`,
    '[log]',
    'level = "warn"',
    // The stand-in Wolfram service accepts this app id, so `$wolfram` can be tried too.
    webToml(webFake, 'wolfram_app_id = "test-app-id"'),
    '',
  ].join('\n'),
);

// A demo track in the music folder, so `$play tone` works in a voice channel without anything downloaded.
mkdirSync(join(dir, 'data', 'music'), { recursive: true });
writeFileSync(join(dir, 'data', 'music', 'tone440.wav'), sineWav({ seconds: 8, frequency: 440 }));

// The appliance's own log goes to a file in the sandbox directory; the prompt stays readable.
const app = await createApp({
  configPath,
  env: {},
  cwd: dir,
  stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  discord: { syncDelayMs: 50 },
});
await app.start();
await app.discordService.waitReady(15_000);
await app.discord.syncCommands();

// Names for ids, and ids for names.
const world = fake.world;
const dirNames: Directory = { users: new Map(), roles: new Map(), channels: new Map() };
// Members are named by username (alice, bob, …); fixture keys such as "moderator" would clash with role names.
for (const id of Object.values(fake.ids.users)) {
  const u = world.users.get(id);
  if (u) dirNames.users.set(u.username.toLowerCase(), id);
}
const guild = world.guilds.get(guildId);
for (const [key, id] of Object.entries(fake.ids.roles)) dirNames.roles.set(key.toLowerCase(), id);
for (const [key, id] of Object.entries(fake.ids.channels)) dirNames.channels.set(key.toLowerCase(), id);
// Only the sandbox guild's channels: the other guild's #general must not shadow this one.
for (const ch of world.channels.values())
  if (ch.name && ch.guild_id === guildId) dirNames.channels.set(ch.name.toLowerCase(), ch.id);
for (const role of guild?.roles.values() ?? []) dirNames.roles.set(role.name.toLowerCase(), role.id);
const names: Names = {
  user: (id) => (id === fake.botId ? 'Tux' : (world.users.get(id)?.username ?? id)),
  channel: (id) => {
    const ch = world.channels.get(id);
    if (ch?.recipients)
      return `DM:${ch.recipients
        .filter((r) => r !== fake.botId)
        .map((r) => names.user(r))
        .join(',')}`;
    return ch?.name ?? id;
  },
  role: (id) => guild?.roles.get(id)?.name ?? id,
};

let speaker = fake.ids.users.owner ?? [...dirNames.users.values()][0] ?? '';
let channelId = fake.ids.channels.general ?? '';

/**
 * Sets the demo server up the way its owner would, through the bot's own commands: ranks for the Moderator and
 * Admin roles, the mod-log, report-log and jail. A fresh database only; a kept --data directory keeps its settings.
 */
const SETUP = [
  '$config roles assign @Moderator 3',
  '$config roles assign @Admin 5',
  '$modlog set #mod-log',
  '$reportlog set #report-log',
  '$jailconfig set -role @Jail -channel #jail',
  `$config module levels xp_roles 5:${fake.ids.roles.level5}, 10:${fake.ids.roles.level10}`,
  '$config module levels levelup_message true',
  '$starboard setup #starboard ⭐ 2',
  '$eventlog set messages #mod-log',
  '$eventlog set members #mod-log',
  '$eventlog set server #mod-log',
  '$eventlog set voice #mod-log',
  '$tempvoice set #lounge',
  '$cs rtfm Read the manual first: `man <command>` or the Arch wiki.',
  '$cs ask Just ask your question; nobody needs to ask to ask.',
  '$cs manual rtfm',
  // The fact plugin's web categories answer from the local stand-in.
  `$config module fact cat_url ${webFake.url}/catfact/fact`,
  `$config module fact useless_url ${webFake.url}/uselessfacts/api/v2/facts/random?language=en`,
  '$config module fact web_facts true',
  '$config module rolecount vanity_roles @Member, @Moderator, @Admin',
  '$config module flagremover channels #general',
  '$config module supportnotifier forum #support',
  '$config module supportnotifier role @Moderator',
  // The git and mail plugins, pointed at the local stand-ins (`$git r`, `$git issue 7`, `/mail register`).
  `$config module git repo ${githubFake.repo}`,
  `$config module git api_url ${githubFake.url}`,
  `$config module mail api_url ${mailcowFake.url}`,
  '$config module mail domain example.org',
];
/**
 * Twelve distro roles held by a few members each, made as the owner would in Discord, so `$rolecount distro` has more
 * than one page (9 roles a page). Returns the command that sets the group.
 */
async function addDistroRoles(): Promise<string> {
  const g = await app.discord.client.guilds.fetch(guildId as string);
  const members = [...(await g.members.fetch()).values()].filter((m) => !m.user.bot);
  const names = ['Arch', 'Debian', 'Fedora', 'Gentoo', 'NixOS', 'Ubuntu', 'Mint', 'openSUSE', 'Void', 'Alpine'];
  const ids: string[] = [];
  for (const [k, name] of [...names, 'Slackware', 'FreeBSD'].entries()) {
    const role = await g.roles.create({ name });
    for (const m of members.slice(0, (12 - k) % 5)) await m.roles.add(role);
    dirNames.roles.set(name.toLowerCase(), role.id);
    ids.push(role.id);
  }
  return `$config module rolecount distro_roles ${ids.map((id) => `<@&${id}>`).join(', ')}`;
}

async function setUpDemoServer(): Promise<void> {
  if (app.discord.permissions.assignments(guildId as string).size > 0) return;
  SETUP.push(await addDistroRoles());
  // Secrets are never typed in a channel; the owner sets them with the ephemeral /config module or over SSH
  // (`settings set`). git signs in as the stand-in's GitHub App (which wins over the token also set:
  // `$config module git` says so; `$config module git app_id reset` falls back to the token).
  app.settings.set('git', guildId as string, 'token', githubFake.token, 'sandbox');
  app.settings.set('git', guildId as string, 'app_id', githubFake.app.id, 'sandbox');
  app.settings.set('git', guildId as string, 'installation_id', githubFake.app.installationId, 'sandbox');
  app.settings.set('git', guildId as string, 'private_key', githubFake.app.privateKey, 'sandbox');
  app.settings.set('mail', guildId as string, 'api_key', mailcowFake.apiKey, 'sandbox');
  for (const line of SETUP) {
    const sent = await fake.control.sendMessage({
      channelId,
      userId: speaker,
      content: resolveMentions(line, dirNames),
    });
    await fake.control
      .waitForMessage({ channelId, after: sent.id, authorId: fake.botId, timeoutMs: 5000 })
      .then((m) => {
        if (process.env.TUX_SANDBOX_DEBUG) print(renderMessage(m, names));
      })
      .catch(() => print(`(setup step "${line}" got no answer)`));
  }
}
await setUpDemoServer();

// Follow everything the bot does from here on, from the emulator's event log.
let seen = world.events.length;
const shownMessages = new Set<string>();
const follow = setInterval(() => {
  for (; seen < world.events.length; seen++) {
    const ev = world.events[seen];
    if (!ev) continue;
    const d = ev.d as Record<string, unknown>;
    if (ev.t === 'MESSAGE_CREATE' || ev.t === 'MESSAGE_UPDATE') {
      const m = d as unknown as APIMessage;
      if (m.author?.id !== fake.botId) continue;
      // A slash command's reply may already be printed with the command's answer.
      if (ev.t === 'MESSAGE_CREATE' && shownMessages.has(m.id)) continue;
      shownMessages.add(m.id);
      print(renderMessage(m, names, ev.t === 'MESSAGE_UPDATE' ? 'edits its message' : 'says'));
      continue;
    }
    const line = renderEvent(ev.t, d, names);
    if (line) print(line);
  }
}, 100);

/** A form the bot opened and the prompt is filling in, field by field. */
let form: Form | null = null;

/** Prints the bot's answer to an interaction; a form it opens is asked for at the prompt. */
async function showResponse(interactionId: string): Promise<void> {
  const view = await fake.control.waitForInteractionResponse({ interactionId, timeoutMs: 8000 });
  // Ephemeral replies never reach the channel, so the event log does not show them: print them here.
  for (const m of [view.original, ...view.followUps]) {
    if (m && !shownMessages.has(m.id)) {
      shownMessages.add(m.id);
      print(renderMessage(m, names));
    }
  }
  if (view.modal) {
    form = openForm(view.modal, interactionId);
    print(`Tux opens a form, "${form.title}". Type each field and press Enter; :cancel drops the form.`);
    if (!nextField(form)) await submitForm();
  }
}

/** Option values for the command: a file option's value (a path or a demo name) becomes the upload itself. */
async function slashOptions(
  action: Extract<ReturnType<typeof parseInput>, { kind: 'slash' }>,
): Promise<Record<string, OptionValue>> {
  const shape = slashShapes().find((c) => c.name === action.name);
  let level = shape?.options ?? [];
  for (const sub of [action.subcommandGroup, action.subcommand]) {
    if (sub) level = level.find((o) => o.name === sub)?.options ?? [];
  }
  const options: Record<string, OptionValue> = { ...action.options };
  for (const o of level) {
    if (o.type === ATTACHMENT_OPTION && options[o.name] !== undefined)
      options[o.name] = await upload(String(options[o.name]));
  }
  return options;
}

async function runSlash(action: Extract<ReturnType<typeof parseInput>, { kind: 'slash' }>): Promise<void> {
  let options: Record<string, OptionValue>;
  try {
    options = await slashOptions(action);
  } catch (err) {
    print((err as Error).message);
    return;
  }
  const started = await fake.control.runSlashCommand({
    userId: speaker,
    channelId,
    name: action.name,
    ...(action.subcommandGroup ? { subcommandGroup: action.subcommandGroup } : {}),
    ...(action.subcommand ? { subcommand: action.subcommand } : {}),
    options,
  });
  await showResponse(started.interactionId);
}

async function submitForm(): Promise<void> {
  const filled = form;
  form = null;
  if (!filled) return;
  const started = await fake.control.submitModal({
    userId: speaker,
    interactionId: filled.interactionId,
    fields: filled.values,
  });
  await showResponse(started.interactionId);
}

async function fillForm(current: Form, line: string): Promise<void> {
  if (line.trim() === ':cancel') {
    form = null;
    print('Form dropped; nothing was sent.');
    return;
  }
  const problem = answerField(current, line);
  if (problem) print(problem);
  else if (!nextField(current)) await submitForm();
}

/** What the emulator refuses, in words for the person at the prompt (no emulator internals). */
function explain(err: unknown): string {
  if (err instanceof FakeDiscordControlError && err.status === 403 && /cannot send messages/.test(err.message)) {
    return `${names.user(speaker)} cannot send messages in #${names.channel(channelId)} (timed out, jailed or not allowed there), as Discord would refuse. Try :as another member or :in another channel.`;
  }
  const text = err instanceof Error ? err.message : String(err);
  return `error: ${clean(text.replace(/^\w+: /, '').replace(/\s*Pass force: true[^.]*\./, ''))}`;
}

function slashShapes(): SlashShape[] {
  const all = [...world.commands.values()] as unknown as (SlashShape & { guild_id?: string })[];
  return all.filter((c) => !c.guild_id || c.guild_id === guildId);
}

async function handle(line: string): Promise<boolean> {
  if (form) {
    await fillForm(form, line);
    return true;
  }
  const action = parseInput(line, dirNames, slashShapes());
  switch (action.kind) {
    case 'empty':
      return true;
    case 'error':
      print(action.message);
      return true;
    case 'message':
      await fake.control.sendMessage({ channelId, userId: speaker, content: action.content });
      return true;
    case 'slash':
      await runSlash(action);
      return true;
    case 'meta':
      if (action.command === 'edit' || action.command === 'delete') return editOrDelete(action.command, action.args);
      if (action.command === 'react') return react(action.args);
      if (action.command === 'press') return press(action.args);
      if (action.command === 'voice') return voice(action.args);
      if (action.command === 'status') return customStatus(action.args);
      if (action.command === 'attach') return attach(action.args);
      return meta(action.command, action.args);
  }
}

/** `:attach FILE [TEXT]`: the current member sends a message with a file (a path, or a demo picture). */
async function attach(args: string[]): Promise<boolean> {
  const [spec, ...words] = args;
  if (!spec) {
    print(
      `Usage: :attach FILE [TEXT]   (FILE: a path, or ${DEMO_FILES.join(', ')}; example: :attach demo.jpg $deepfry)`,
    );
    return true;
  }
  try {
    const file = await upload(spec);
    await fake.control.sendMessage({
      channelId,
      userId: speaker,
      content: resolveMentions(words.join(' '), dirNames),
      files: [file],
    });
  } catch (err) {
    print(err instanceof FakeDiscordControlError ? explain(err) : (err as Error).message);
  }
  return true;
}

/** `:edit TEXT` / `:delete`: the current member changes or removes their own last message in the channel. */
async function editOrDelete(command: 'edit' | 'delete', args: string[]): Promise<boolean> {
  const own = (await fake.control.messages({ channelId })).filter((m) => m.author.id === speaker).at(-1);
  if (!own) {
    print(`${names.user(speaker)} has no message in #${names.channel(channelId)}.`);
    return true;
  }
  if (command === 'delete') {
    await fake.control.deleteMessage({ messageId: own.id });
    print(`${names.user(speaker)} deleted message ${own.id}.`);
    return true;
  }
  const content = args.join(' ');
  if (!content) {
    print('Usage: :edit TEXT');
    return true;
  }
  await fake.control.editMessage({ messageId: own.id, content: resolveMentions(content, dirNames) });
  print(`${names.user(speaker)} edited message ${own.id}.`);
  return true;
}

/** `:react EMOJI [MESSAGE_ID]`: the current member reacts, to the channel's last message unless one is named. */
async function react(args: string[]): Promise<boolean> {
  const [raw = '', messageArg] = args;
  // <:name:id> (as Discord shows a custom emoji) is accepted as well as name:id and unicode.
  const emoji = raw.replace(/^<(a?:[\w-]+:\d+)>$/, '$1').replace(/^:([\w-]+:\d+)$/, '$1');
  if (!emoji) {
    print('Usage: :react EMOJI [MESSAGE_ID]   (for example :react ⭐ or :react party:123456789012345678)');
    return true;
  }
  const messageId = messageArg ?? (await fake.control.messages({ channelId, limit: 1 }))[0]?.id;
  if (!messageId) {
    print(`There is no message in #${names.channel(channelId)} to react to.`);
    return true;
  }
  await fake.control.addReaction({ userId: speaker, messageId, emoji });
  print(`${names.user(speaker)} reacts ${emoji} to message ${messageId}.`);
  return true;
}

/** The buttons of a message (also inside Components V2 containers and sections). */
function buttonsOf(m: APIMessage): { label: string; customId: string }[] {
  const found: { label: string; customId: string }[] = [];
  const walk = (list: unknown[] | undefined): void => {
    for (const c of list ?? []) {
      const comp = c as {
        type?: number;
        label?: string;
        custom_id?: string;
        components?: unknown[];
        accessory?: unknown;
      };
      if (comp.type === 2 && comp.custom_id) found.push({ label: comp.label ?? '', customId: comp.custom_id });
      walk(comp.components);
      if (comp.accessory) walk([comp.accessory]);
    }
  };
  walk(m.components as unknown[] | undefined);
  return found;
}

/** `:press LABEL`: the current member presses a button of the newest bot message in the channel that has one. */
async function press(args: string[]): Promise<boolean> {
  const wanted = args.join(' ').trim().toLowerCase();
  if (!wanted) {
    print('Usage: :press LABEL   (for example :press pause)');
    return true;
  }
  const messages = (await fake.control.messages({ channelId, limit: 50 })).reverse();
  for (const m of messages) {
    if (m.author.id !== fake.botId) continue;
    const button = buttonsOf(m).find(
      (b) =>
        b.customId.toLowerCase() === wanted ||
        b.label
          .toLowerCase()
          .replace(/[^\p{L}\p{N} ]/gu, '')
          .trim()
          .includes(wanted),
    );
    if (!button) continue;
    print(`${names.user(speaker)} presses [${button.label || button.customId}].`);
    const started = await fake.control.clickButton({ userId: speaker, messageId: m.id, customId: button.customId });
    await showResponse(started.interactionId);
    return true;
  }
  print(`No message in #${names.channel(channelId)} has a "${wanted}" button.`);
  return true;
}

/** `:voice CHANNEL` joins or switches voice channels as the current member; `:voice leave` hangs up. */
async function voice(args: string[]): Promise<boolean> {
  const wanted = args.join(' ').replace(/^[#]/, '').toLowerCase();
  if (!wanted) {
    print('Usage: :voice CHANNEL   (for example :voice lounge), or :voice leave');
    return true;
  }
  if (wanted === 'leave') {
    await fake.control.leaveVoice({ userId: speaker, guildId: guildId as string });
    return true;
  }
  // Channels the bot made since the start (temp voice) are found by their current name.
  const found = world
    .guildChannels(guildId as string)
    .find((c) => (c.type === 2 || c.type === 13) && (c.name?.toLowerCase() === wanted || c.id === wanted));
  if (!found) {
    const known = world
      .guildChannels(guildId as string)
      .filter((c) => c.type === 2)
      .map((c) => c.name)
      .join(', ');
    print(`No voice channel "${wanted}". Voice channels: ${known}`);
    return true;
  }
  await fake.control.joinVoice({ userId: speaker, channelId: found.id });
  return true;
}

/** `:status TEXT` sets the current member's custom status (what status roles read); `clear` and `offline` too. */
async function customStatus(args: string[]): Promise<boolean> {
  const text = args.join(' ').trim();
  if (!text) {
    print('Usage: :status TEXT   (for example :status join discord.gg/linux), :status clear or :status offline');
    return true;
  }
  const offline = text.toLowerCase() === 'offline';
  const clear = offline || text.toLowerCase() === 'clear';
  await fake.control.setPresence({
    guildId: guildId as string,
    userId: speaker,
    status: offline ? 'offline' : 'online',
    activities: clear ? [] : [{ type: 4, state: text }],
  });
  print(
    offline
      ? `${names.user(speaker)} is offline.`
      : clear
        ? `${names.user(speaker)} has no custom status.`
        : `${names.user(speaker)}'s custom status: ${clean(text)}`,
  );
  return true;
}

function meta(command: string, args: string[]): boolean {
  const arg = (args[0] ?? '').replace(/^[@#]/, '').toLowerCase();
  switch (command) {
    case 'quit':
    case 'q':
    case 'exit':
      print('Stopping the sandbox…');
      return false;
    case 'help':
      print(HELP);
      break;
    case 'as': {
      const id = dirNames.users.get(arg) ?? fake.ids.users[args[0] ?? ''];
      if (id === fake.botId) {
        print(`${names.user(id)} is the bot; speak as a member instead. Try :members`);
        break;
      }
      if (id) speaker = id;
      print(id ? `You are now ${names.user(id)}.` : `No member "${arg}". Try :members`);
      break;
    }
    case 'in': {
      const id = dirNames.channels.get(arg);
      if (id) channelId = id;
      print(id ? `You are now in #${names.channel(id)}.` : `No channel "${arg}". Try :channels`);
      break;
    }
    case 'members':
      for (const m of guild?.members.values() ?? []) {
        const roles = [...m.roles].map((r) => `@${names.role(r)}`).join(' ');
        const who = m.user_id === fake.botId ? `${names.user(m.user_id)} (the bot)` : names.user(m.user_id);
        print(`  ${who}${m.user_id === speaker ? ' (you)' : ''}${roles ? `  ${roles}` : ''}`);
      }
      break;
    case 'channels':
      for (const ch of world.channels.values()) if (ch.guild_id === guildId && ch.type !== 4) print(`  #${ch.name}`);
      break;
    case 'invite':
      // An invite to the current channel, made by the current member (expires in an hour, 5 uses).
      void fake.control
        .createInvite({ channelId, userId: speaker, maxAge: 3600, maxUses: 5 })
        .then((invite) => print(`Invite created: https://discord.gg/${invite.code} (try $info invite ${invite.code})`))
        .catch((err: Error) => print(err.message));
      break;
    case 'avatar':
      // Gives the current member a generated global avatar (or, with "server", a server avatar).
      void fake.control
        .setAvatar({
          userId: speaker,
          ...(arg === 'server' ? { guildId, color: [40, 160, 60] as [number, number, number] } : {}),
        })
        .then(() =>
          print(`${names.user(speaker)} has a new ${arg === 'server' ? 'server' : 'global'} avatar (try $avatar).`),
        )
        .catch((err: Error) => print(err.message));
      break;
    case 'post': {
      const [title, text, tags] = args
        .join(' ')
        .split('|')
        .map((p) => p.trim());
      if (!title || !text) {
        print('Usage: :post TITLE | TEXT [| TAG, TAG]');
        break;
      }
      void fake.control
        .openForumPost({
          userId: speaker,
          channelId: supportForum.id,
          name: title,
          content: text,
          tags: (tags ?? '')
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        })
        .then((post) => print(`${names.user(speaker)} opened "${post.thread.name}" in #support.`))
        .catch((err: Error) => print(err.message));
      break;
    }
    case 'bans':
      for (const b of guild?.bans.values() ?? []) print(`  ${names.user(b.user_id)}: ${b.reason ?? 'no reason'}`);
      if (!guild?.bans.size) print('  nobody is banned');
      break;
    default:
      print(`Unknown sandbox command ":${command}". Type :help`);
  }
  return true;
}

const voiceWatch = watchVoice(fake, (id) => names.channel(id), print);

async function shutdown(): Promise<void> {
  clearInterval(follow);
  clearInterval(voiceWatch);
  await app.stop().catch(() => undefined);
  await fake.close();
  await webFake.close();
  await githubFake.close();
  await mailcowFake.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}

print(`Tux sandbox: the bot is online in "${guild?.name ?? 'demo'}" (a local emulator; nothing reaches Discord).`);
if (flags.ssh) print(`Admin console: ssh -p ${flags.ssh} tux@127.0.0.1 (keys from ./keys/authorized_keys)`);
print(HELP);
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
const prompt = () => {
  const field = form ? nextField(form) : null;
  rl.setPrompt(
    field
      ? `${form?.title ?? 'Form'} · ${field.label}${field.required ? '' : ' (optional)'}> `
      : `${names.user(speaker)} in #${names.channel(channelId)}> `,
  );
  rl.prompt();
};
prompt();
let queue = Promise.resolve(true);
rl.on('line', (line) => {
  queue = queue.then(async (alive) => {
    if (!alive) return false;
    const keep = await handle(line).catch((err: unknown) => {
      print(explain(err));
      return true;
    });
    // Give the bot a moment to answer before the next prompt.
    await new Promise((r) => setTimeout(r, 400));
    if (keep) prompt();
    else rl.close();
    return keep;
  });
});
rl.on('close', () => {
  void queue.then(async () => {
    await new Promise((r) => setTimeout(r, 300));
    await shutdown();
    process.exit(0);
  });
});
