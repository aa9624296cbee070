/** `tldr <command>`: the tldr page of a command-line tool, from the local copy of the tldr pages. */
import { type AutocompleteContext, arg, defineCommand, flag, UserError } from '#discord/commands/index.ts';
import { brandEmbed, paginate } from '#discord/ui/index.ts';
import {
  formatPage,
  normalizePageName,
  notFoundMessage,
  splitPages,
  TLDR_LANGUAGES,
  TLDR_PLATFORMS,
} from './tldr-format.ts';
import type { TldrStore } from './tldr-store.ts';

const PAGE_NAME = /^[a-z0-9_+-][a-z0-9_+.-]{0,99}$/;

function startsWithChoices(values: readonly string[], typed: string) {
  const t = typed.toLowerCase();
  return values
    .filter((v) => v.startsWith(t))
    .slice(0, 25)
    .map((v) => ({ name: v, value: v }));
}

export function createTldrCommand(store: TldrStore) {
  return defineCommand({
    name: 'tldr',
    description: 'Show the tldr page of a command-line tool',
    category: 'Tools',
    defaultRank: 0,
    guildOnly: true,
    cooldown: 2,
    examples: ['tldr tar', 'tldr git commit -p linux', 'tldr ls -l de -short'],
    args: {
      command: arg.text({
        description: 'The command to look up, e.g. tar or "git commit"',
        max: 100,
        autocomplete: (_ctx: AutocompleteContext, typed: string) =>
          startsWithChoices(store.list('en'), normalizePageName(String(typed ?? ''))),
      }),
    },
    flags: {
      platform: flag.string({
        description: 'Platform to prefer (linux, osx, windows, common, ...)',
        aliases: ['p'],
        choices: TLDR_PLATFORMS,
      }),
      language: flag.string({
        description: 'Language of the page (en, de, fr, ...)',
        aliases: ['lang', 'l'],
        choices: TLDR_LANGUAGES,
      }),
      show_short: flag.boolean({ description: 'Show short options (-c)', aliases: ['short'] }),
      show_long: flag.boolean({ description: 'Show long options (--create); the default', aliases: ['long'] }),
      show_both: flag.boolean({ description: 'Show both forms ([-c|--create])', aliases: ['both'] }),
    },
    async run(ctx, input) {
      const name = normalizePageName(input.command);
      if (!PAGE_NAME.test(name)) {
        throw new UserError('tldr.bad_name', `\`${name.slice(0, 40)}\` is not a command name tldr could have.`);
      }
      const waiting = store.fetchedAt(input.language ?? 'en') === null;
      if (waiting) await ctx.defer();
      const page = await store.find(name, {
        ...(input.platform ? { platform: input.platform } : {}),
        ...(input.language ? { language: input.language } : {}),
      });
      if (!page) {
        const note =
          store.fetchedAt('en') === null ? '\nThe tldr pages could not be downloaded yet; try again later.' : '';
        await ctx.reply({ embeds: [brandEmbed('error', { description: notFoundMessage(name) + note })] });
        return;
      }
      const body = formatPage(page.markdown, {
        showShort: input.show_short && !input.show_long,
        showBoth: input.show_both,
      });
      const wanted = input.platform === 'macos' ? 'osx' : input.platform;
      const warning =
        wanted && wanted !== page.platform
          ? `⚠️ No page for ${wanted}; showing the ${page.platform} page.\n\n`
          : input.language && input.language !== page.language
            ? `⚠️ No page in ${input.language}; showing the ${page.language} page.\n\n`
            : '';
      const title = `TLDR for ${name} (${page.platform}/${page.language})`;
      const pages = splitPages(warning + body, 4000).map((description) => brandEmbed('info', { title, description }));
      await paginate(ctx, pages);
    },
  });
}
