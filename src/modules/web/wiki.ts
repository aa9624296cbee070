/** `wiki arch|atl <query>`: the first English page a MediaWiki search finds on the ArchWiki or atl.wiki. */

import type { WebService } from '#core/http/web-service.ts';
import { arg, type CommandContext, defineCommand } from '#discord/commands/index.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { webFailure } from './web-reply.ts';

/** Translated ArchWiki pages carry their language in parentheses ("Installation guide (Español)"). */
const TRANSLATED =
  /^[^/]*\((Italiano|Español|Français|Deutsch|Português|Русский|日本語|中文|한국어|Polski|Türkçe|العربية|فارسی|हिन्दी)\)/;

interface SearchAnswer {
  query?: { search?: { title?: string }[] };
}

/** "grub" → "Grub": MediaWiki titles start with a capital. */
export function capitalize(q: string): string {
  const lower = q.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Title and URL of the first untranslated result, or null. `pagePath` is how the wiki links a page. */
export async function searchWiki(
  service: WebService,
  query: string,
  pagePath: string,
): Promise<{ title: string; url: string } | null> {
  const answer = await service.json<SearchAnswer>({
    path: '/api.php',
    query: { action: 'query', format: 'json', list: 'search', srsearch: capitalize(query), srlimit: 50 },
    cacheTtlMs: 10 * 60_000,
  });
  for (const r of answer.query?.search ?? []) {
    if (typeof r.title !== 'string' || TRANSLATED.test(r.title)) continue;
    const base = service.baseUrl.replace(/\/+$/, '');
    return { title: r.title, url: `${base}${pagePath}${encodeURI(r.title.replaceAll(' ', '_'))}` };
  }
  return null;
}

async function answer(ctx: CommandContext, service: WebService, query: string, pagePath: string) {
  let found: Awaited<ReturnType<typeof searchWiki>>;
  try {
    found = await searchWiki(service, query, pagePath);
  } catch (err) {
    webFailure(err);
  }
  await ctx.reply({
    embeds: [
      found
        ? brandEmbed('info', { title: found.title, description: found.url })
        : brandEmbed('error', { description: 'No search results found.' }),
    ],
  });
}

const query = arg.text({ description: 'What to search for', max: 200 });

export function createWikiCommand(arch: WebService, atl: WebService) {
  return defineCommand({
    name: 'wiki',
    aliases: ['wk'],
    description: 'Search the ArchWiki or the All Things Linux wiki',
    category: 'Tools',
    defaultRank: 0,
    cooldown: 2,
    examples: ['wiki arch systemd', 'wiki atl distro'],
    subcommands: [
      defineCommand({
        name: 'arch',
        description: 'Search the ArchWiki',
        args: { query },
        run: (ctx, { query: q }) => answer(ctx, arch, q, '/title/'),
      }),
      defineCommand({
        name: 'atl',
        description: 'Search the All Things Linux wiki',
        args: { query },
        run: (ctx, { query: q }) => answer(ctx, atl, q, '/'),
      }),
    ],
  });
}
