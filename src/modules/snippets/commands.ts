/** The snippet commands, with Tux's names, aliases and messages; `snippet` also by slash with name autocomplete. */
import type { APIEmbed } from 'discord.js';
import { type AnyCommand, arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import type { AutocompleteFn } from '#discord/commands/options.ts';
import { brandEmbed, infoEmbed, paginate, successEmbed } from '#discord/ui/index.ts';
import { snippetCheck } from './snippet-check.ts';
import {
  aliasesOf,
  CONTENT_MAX,
  countSnippets,
  countUse,
  createSnippet,
  deleteSnippet,
  getSnippet,
  listSnippets,
  NAME_MAX,
  NAME_RULE,
  namesStartingWith,
  type Snippet,
  updateSnippet,
} from './snippet-store.ts';

const PAGE = 10;
const TEXT_PAGE = 2000;

const completeName: AutocompleteFn = (ctx, typed) =>
  ctx.guildId ? namesStartingWith(ctx.app.db, ctx.guildId, typed).map((n) => ({ name: n, value: n })) : [];

const nameArg = () => arg.string({ description: 'Snippet name', max: 100, autocomplete: completeName });

function find(ctx: CommandContext, name: string): Snippet {
  const s = getSnippet(ctx.app.db, ctx.guildId!, name);
  if (!s) throw new UserError('snippets.not_found', 'Snippet not found.');
  return s;
}

/** Refuses content the server's content checks (automod) reject, before anything is stored. */
const checkContent = (ctx: CommandContext, text: string): Promise<void> =>
  ctx.app.discord.contentChecks.require({
    source: 'snippet',
    guildId: ctx.guildId!,
    userId: ctx.user.id,
    channelId: ctx.channel?.id ?? null,
    text,
  });

const reply = (ctx: CommandContext, description: string) =>
  ctx.reply({ embeds: [successEmbed({ description })], ephemeral: true });

/** "`/snippets/name.txt` 🔒 || content", or "`/snippets/alias.txt -> target.txt` || content" for an alias. */
export function snippetText(s: Snippet, target: Snippet | null): string {
  const header = target ? `\`/snippets/${s.name}.txt -> ${target.name}.txt\`` : `\`/snippets/${s.name}.txt\``;
  const shown = target ?? s;
  return `${header} ${shown.locked ? '🔒 ' : ''}|| ${shown.content}`;
}

async function sendSnippet(ctx: CommandContext, text: string): Promise<void> {
  if (text.length > TEXT_PAGE) {
    const pages: APIEmbed[] = [];
    for (let i = 0; i < text.length; i += TEXT_PAGE)
      pages.push(infoEmbed({ description: text.slice(i, i + TEXT_PAGE) }));
    await paginate(ctx, pages);
    return;
  }
  const refId = ctx.message?.reference?.messageId;
  if (ctx.message && refId && ctx.channel?.isSendable()) {
    // Answer the message the invoker replied to, pinging only its author.
    await ctx.channel.send({
      content: text,
      reply: { messageReference: refId, failIfNotExists: false },
      allowedMentions: { parse: [], repliedUser: true },
    });
    return;
  }
  await ctx.reply({ content: text, allowedMentions: { parse: [], repliedUser: false } });
}

const snippetCommand = defineCommand({
  name: 'snippet',
  aliases: ['s'],
  description: 'Show a snippet',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 0,
  args: { name: nameArg() },
  async run(ctx, { name }) {
    const s = find(ctx, name);
    let target: Snippet | null = null;
    if (s.alias) {
      target = getSnippet(ctx.app.db, ctx.guildId!, s.alias) ?? null;
      if (!target) {
        deleteSnippet(ctx.app.db, s.id);
        throw new UserError(
          'snippets.broken_alias',
          `Alias \`${s.name}\` points to a non-existent snippet (\`${s.alias}\`). Deleting alias.`,
        );
      }
    }
    countUse(ctx.app.db, s.id);
    await sendSnippet(ctx, snippetText(s, target));
  },
});

const createCommand = defineCommand({
  name: 'createsnippet',
  aliases: ['cs'],
  description: 'Create a snippet (content that is another snippet’s name makes an alias)',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 0,
  args: {
    name: arg.string({ description: 'Name: letters, digits and dashes, up to 20', max: 100 }),
    content: arg.text({ description: 'Content, or the name of a snippet to alias', max: CONTENT_MAX }),
  },
  async run(ctx, { name, content }) {
    await snippetCheck(ctx);
    if (!NAME_RULE.test(name) || name.length > NAME_MAX) {
      throw new UserError(
        'snippets.bad_name',
        'Snippet name must be alphanumeric (allows dashes only) and less than 20 characters.',
      );
    }
    const guildId = ctx.guildId!;
    if (getSnippet(ctx.app.db, guildId, name)) {
      throw new UserError('snippets.exists', 'Snippet with this name already exists.');
    }
    const target = getSnippet(ctx.app.db, guildId, content.trim());
    if (target) {
      const real = target.alias ? (getSnippet(ctx.app.db, guildId, target.alias) ?? target) : target;
      createSnippet(ctx.app.db, {
        guildId,
        name,
        content: real.content,
        authorId: real.authorId,
        locked: real.locked,
        alias: real.name,
      });
      await reply(ctx, `Snippet \`${name}\` created as an alias pointing to \`${real.name}\`.`);
      return;
    }
    await checkContent(ctx, content);
    createSnippet(ctx.app.db, { guildId, name, content, authorId: ctx.user.id });
    await reply(ctx, 'Snippet created.');
  },
});

const editCommand = defineCommand({
  name: 'editsnippet',
  aliases: ['es'],
  description: 'Change a snippet’s content',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 0,
  args: { name: nameArg(), content: arg.text({ description: 'New content', max: CONTENT_MAX }) },
  async run(ctx, { name, content }) {
    const s = find(ctx, name);
    await snippetCheck(ctx, s);
    await checkContent(ctx, content);
    updateSnippet(ctx.app.db, s.id, { content });
    await reply(ctx, 'Snippet edited.');
  },
});

const deleteCommand = defineCommand({
  name: 'deletesnippet',
  aliases: ['ds'],
  description: 'Delete a snippet',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 0,
  args: { name: nameArg() },
  async run(ctx, { name }) {
    const s = find(ctx, name);
    await snippetCheck(ctx, s);
    deleteSnippet(ctx.app.db, s.id);
    await reply(ctx, 'Snippet deleted.');
  },
});

const infoCommand = defineCommand({
  name: 'snippetinfo',
  aliases: ['si'],
  description: 'Who made a snippet, its aliases and uses',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 0,
  args: { name: nameArg() },
  async run(ctx, { name }) {
    const s = find(ctx, name);
    const aliases = aliasesOf(ctx.app.db, ctx.guildId!, s.name).map((a) => `\`${a.name}\``);
    const author = await ctx.guild?.members.fetch(s.authorId).catch(() => null);
    const preview = s.content.length > 256 ? `${s.content.slice(0, 253)}...` : s.content;
    await ctx.reply({
      embeds: [
        brandEmbed('info', {
          title: 'Snippet Information',
          fields: [
            { name: 'Name', value: s.name, inline: true },
            { name: 'Aliases', value: aliases.join(', ') || 'None', inline: true },
            { name: 'Author', value: author ? `<@${s.authorId}>` : `<@!${s.authorId}> (Not found)`, inline: true },
            { name: 'Uses', value: String(s.uses), inline: true },
            { name: 'Locked', value: s.locked ? 'Yes' : 'No', inline: true },
            s.alias
              ? { name: 'Alias Target', value: `> -# ${s.alias}` }
              : { name: 'Content Preview', value: `> -# ${preview}` },
          ],
        }),
      ],
    });
  },
});

async function showList(ctx: CommandContext, rows: Snippet[]): Promise<void> {
  if (rows.length === 0) throw new UserError('snippets.none', 'No snippets found.');
  const total = countSnippets(ctx.app.db, ctx.guildId!);
  const pages: APIEmbed[] = [];
  for (let i = 0; i < rows.length; i += PAGE) {
    const lines = rows.slice(i, i + PAGE).map((s, j) => {
      const marks = `${s.locked ? '🔒' : ''}${s.alias ? '→' : ''}`;
      return `\`${marks}${i + j + 1}\`. ${s.name} (\`${s.uses}\` uses)`;
    });
    pages.push(brandEmbed('info', { title: `Snippets (${rows.length}/${total})`, description: lines.join('\n') }));
  }
  await paginate(ctx, pages);
}

const listCommand = defineCommand({
  name: 'snippets',
  aliases: ['ls'],
  description: 'List snippets, most used first (optionally matching a text)',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 0,
  args: { search: arg.text({ description: 'Text to look for in names and content', optional: true, max: 100 }) },
  run: (ctx, { search }) => showList(ctx, listSnippets(ctx.app.db, ctx.guildId!, search ? { query: search } : {})),
});

const listFromCommand = defineCommand({
  name: 'lsf',
  aliases: ['listsnippetsfrom', 'lsb'],
  description: 'List the snippets a member made',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 0,
  args: {
    member: arg.user({ description: 'Member' }),
    search: arg.text({ description: 'Text to look for', optional: true, max: 100 }),
  },
  run: (ctx, { member, search }) =>
    showList(
      ctx,
      listSnippets(ctx.app.db, ctx.guildId!, { authorId: member.id, ...(search ? { query: search } : {}) }),
    ),
});

const lockCommand = defineCommand({
  name: 'togglesnippetlock',
  aliases: ['tsl'],
  description: 'Lock or unlock a snippet',
  category: 'Snippets',
  guildOnly: true,
  defaultRank: 2,
  args: { name: nameArg() },
  async run(ctx, { name }) {
    const s = find(ctx, name);
    updateSnippet(ctx.app.db, s.id, { locked: !s.locked });
    const state = s.locked ? 'unlocked' : 'locked';
    await reply(ctx, `Snippet \`${s.name}\` has been ${state}.`);
    const author = await ctx.client.users.fetch(s.authorId).catch(() => null);
    await author
      ?.send(
        `Your snippet \`${s.name}\` in ${ctx.guild?.name ?? 'a server'} has been ${state}. ${
          s.locked ? 'You can edit or delete it again.' : 'Only staff can edit or delete it now.'
        }`,
      )
      .catch(() => undefined);
  },
});

export const snippetCommands: AnyCommand[] = [
  snippetCommand,
  createCommand,
  editCommand,
  deleteCommand,
  infoCommand,
  listCommand,
  listFromCommand,
  lockCommand,
];
