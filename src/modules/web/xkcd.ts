/** `xkcd`: the latest, a random or a numbered comic, with links to the comic and its explanation. */
import type { ActionRowBuilder, APIEmbed, ButtonBuilder } from 'discord.js';
import { ButtonStyle } from 'discord-api-types/v10';
import { WebServiceError } from '#core/http/web-error.ts';
import type { WebService } from '#core/http/web-service.ts';
import { arg, type CommandContext, defineCommand } from '#discord/commands/index.ts';
import { discordJs } from '#discord/discord-lib.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { webFailure } from './web-reply.ts';

export const XKCD_NOT_FOUND = "I couldn't find the xkcd comic. Please try again later.";
const EXPLAIN_URL = 'https://www.explainxkcd.com/wiki/index.php/';

export interface XkcdComic {
  num: number;
  safe_title: string;
  alt: string;
  img: string;
  year?: string;
  month?: string;
  day?: string;
}

/** Fetches one comic (null: the latest). Comics rarely change, so answers are cached for an hour. */
export async function fetchComic(service: WebService, id: number | null): Promise<XkcdComic> {
  const comic = await service.json<Partial<XkcdComic>>({
    path: id === null ? '/info.0.json' : `/${id}/info.0.json`,
    cacheTtlMs: id === null ? 5 * 60_000 : 60 * 60_000,
  });
  if (typeof comic.num !== 'number' || typeof comic.img !== 'string') {
    throw new WebServiceError(service.label, 'bad-response', 'the answer has no comic');
  }
  return { ...comic, num: comic.num, safe_title: comic.safe_title ?? '', alt: comic.alt ?? '', img: comic.img };
}

function comicReply(
  service: WebService,
  comic: XkcdComic,
): { embeds: APIEmbed[]; components: ActionRowBuilder<ButtonBuilder>[] } {
  const { ActionRowBuilder, ButtonBuilder } = discordJs();
  const date =
    comic.year && comic.month && comic.day
      ? Date.UTC(Number(comic.year), Number(comic.month) - 1, Number(comic.day))
      : null;
  const embed: APIEmbed = {
    ...brandEmbed('info', { description: comic.alt ? `> ${comic.alt}` : '' }),
    author: { name: `xkcd ${comic.num} - ${comic.safe_title}` },
    image: { url: comic.img },
    ...(date !== null && Number.isFinite(date) ? { timestamp: new Date(date).toISOString() } : {}),
  };
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('Explainxkcd').setURL(`${EXPLAIN_URL}${comic.num}`),
    new ButtonBuilder()
      .setStyle(ButtonStyle.Link)
      .setLabel('Webpage')
      .setURL(`${service.baseUrl.replace(/\/+$/, '')}/${comic.num}/`),
  );
  return { embeds: [embed], components: [row] };
}

async function show(ctx: CommandContext, service: WebService, pick: (svc: WebService) => Promise<XkcdComic>) {
  let comic: XkcdComic;
  try {
    comic = await pick(service);
  } catch (err) {
    webFailure(err, XKCD_NOT_FOUND);
  }
  await ctx.reply(comicReply(service, comic));
}

async function randomComic(service: WebService): Promise<XkcdComic> {
  const latest = await fetchComic(service, null);
  // Comic 404 does not exist (on purpose); try another number rather than fail.
  for (let tries = 0; ; tries++) {
    const n = 1 + Math.floor(Math.random() * latest.num);
    if (n === 404 && tries < 5) continue;
    return fetchComic(service, n);
  }
}

const comicId = arg.integer({ description: 'Comic number', min: 1, max: 100_000 });

export function createXkcdCommand(service: WebService) {
  return defineCommand({
    name: 'xkcd',
    aliases: ['xk'],
    description: 'Show an xkcd comic: the latest, a random one or a numbered one',
    category: 'Fun',
    defaultRank: 0,
    guildOnly: true,
    cooldown: 3,
    examples: ['xkcd 353', 'xkcd latest', 'xkcd random'],
    args: { comic_id: arg.integer({ description: 'Comic number', min: 1, max: 100_000, optional: true }) },
    slashDefault: { name: 'show', description: 'An xkcd comic by its number, or how to use xkcd' },
    async run(ctx, { comic_id }) {
      if (comic_id === undefined) {
        await ctx.reply(
          `Use \`${ctx.prefix}xkcd latest\`, \`${ctx.prefix}xkcd random\` or \`${ctx.prefix}xkcd <number>\`.`,
        );
        return;
      }
      await show(ctx, service, (s) => fetchComic(s, comic_id));
    },
    subcommands: [
      defineCommand({
        name: 'latest',
        aliases: ['l', 'new', 'n'],
        description: 'The newest xkcd comic',
        run: (ctx) => show(ctx, service, (s) => fetchComic(s, null)),
      }),
      defineCommand({
        name: 'random',
        aliases: ['rand', 'r'],
        description: 'A random xkcd comic',
        run: (ctx) => show(ctx, service, randomComic),
      }),
      defineCommand({
        name: 'specific',
        aliases: ['s', 'id', 'num'],
        description: 'An xkcd comic by its number',
        args: { comic_id: comicId },
        run: (ctx, { comic_id }) => show(ctx, service, (s) => fetchComic(s, comic_id)),
      }),
    ],
  });
}
