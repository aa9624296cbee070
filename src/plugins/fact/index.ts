/**
 * fact (`funfact`): a random fact from a category: the shipped ones (Linux, the bot itself, Taco Bell) or, once a
 * server turns `web_facts` on, one fetched from a web API (cat facts, useless facts) through the shared HTTP client.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import { type CommandContext, definePlugin, UserError, WebServiceError } from '../../plugin-api/index.ts';
import { type FactCategory, fill, loadCategories, type Placeholders, resolveCategory } from './facts.ts';

interface FactSettings {
  web_facts: boolean;
  cat_url: string | null;
  useless_url: string | null;
  [key: string]: unknown;
}

const COLOUR = 0x2b8cf5;

/** Why a web fact source address is refused when it is set (null: it is a usable http(s) address). */
export function checkSourceUrl(value: string): string | null {
  const how = 'give an http:// or https:// address, e.g. https://catfact.ninja/fact';
  if (/\s/.test(value)) return `a web address has no spaces: ${how}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a web address: ${how}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${url.protocol.replace(/:$/, '')} addresses are not fetched: ${how}`;
  }
  if (!url.hostname) return `the address names no host: ${how}`;
  if (url.username || url.password) return `the address may not hold a user name or password: ${how}`;
  return null;
}

function placeholders(ctx: CommandContext): Placeholders {
  const guilds = ctx.client.guilds.cache;
  return {
    bot_name: ctx.client.user.username,
    bot_version: ctx.app.version,
    member_count: guilds.reduce((n, g) => n + (g.memberCount ?? 0), 0),
    guild_count: guilds.size,
    prefix: ctx.prefix,
  };
}

export default definePlugin<FactSettings>({
  manifest: {
    name: 'fact',
    version: '1.0.0',
    description: 'Random fun facts by category (fact / funfact)',
    api: '^1.2.0',
    settings: {
      web_facts: {
        type: 'boolean',
        description: 'Offer the categories fetched from the web (cat, useless); off: only the shipped facts',
        default: false,
      },
      cat_url: {
        type: 'string',
        description: 'Where cat facts come from (a JSON answer with a "fact" field)',
        default: 'https://catfact.ninja/fact',
        maxLength: 500,
      },
      useless_url: {
        type: 'string',
        description: 'Where useless facts come from (a JSON answer with a "text" field)',
        default: 'https://uselessfacts.jsph.pl/api/v2/facts/random?language=en',
        maxLength: 500,
      },
    },
    permissions: { intents: [], network: true },
  },
  create(tux) {
    const categories = loadCategories();
    const web = tux.web({ label: 'facts', baseUrl: 'https://catfact.ninja', perMinute: 30, burst: 5, retries: 1 });
    const isWeb = (c: FactCategory): c is Extract<FactCategory, { web: unknown }> => 'web' in c;
    const webOn = (guildId: string | null) => guildId !== null && tux.settings(guildId).web_facts;
    const offered = (guildId: string | null) =>
      [...categories].filter(([, c]) => !isWeb(c) || webOn(guildId)).map(([key]) => key);

    async function webFact(key: string, category: Extract<FactCategory, { web: unknown }>, guildId: string) {
      const url = tux.settings(guildId)[`${key}_url`];
      if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) {
        throw new UserError(
          'fact.no_source',
          `No web address is set for ${category.name} facts. An admin sets one with \`config module fact ${key}_url <url>\`.`,
          {},
          'Fact Unavailable',
        );
      }
      let answer: unknown;
      try {
        answer = await web.json<unknown>({ path: url });
      } catch (err) {
        if (!(err instanceof WebServiceError)) throw err;
        throw new UserError(
          'fact.web',
          `Could not get a ${category.name} fact right now (${err.message}).`,
          {},
          'Fact Unavailable',
        );
      }
      const value = (answer as Record<string, unknown> | null)?.[category.web.field];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new UserError(
          'fact.web_shape',
          `The ${category.name} fact source answered without a \`${category.web.field}\` field.`,
          {},
          'Fact Unavailable',
        );
      }
      return { text: value.trim().slice(0, 4000), host: new URL(url).host };
    }

    const fact = tux.api.defineCommand({
      name: 'fact',
      aliases: ['funfact'],
      description: 'Get a random fun fact',
      category: 'Fun',
      defaultRank: 0,
      examples: ['fact', 'fact linux', 'fact taco bell'],
      args: {
        category: tux.api.arg.text({
          description: 'Category (default: random)',
          optional: true,
          max: 50,
          autocomplete: (actx, typed) => {
            const t = typed.toLowerCase();
            return ['random', ...offered(actx.guildId)]
              .filter((k) => k.startsWith(t))
              .slice(0, 25)
              .map((k) => ({ name: k, value: k }));
          },
        }),
      },
      async run(ctx, input) {
        const values = placeholders(ctx);
        const display = (key: string) => fill(categories.get(key)?.name ?? key, values);
        const allowed = offered(ctx.guildId);
        const key = resolveCategory(input.category, categories, display, allowed);
        const category = key ? categories.get(key) : undefined;
        if (!key || !category) {
          throw new UserError(
            'fact.unknown',
            `Invalid category '${input.category}'. Available: ${['random', ...allowed].join(', ')}`,
            {},
            'Category Not Found',
          );
        }
        let text: string;
        let source: string | null = null;
        if (isWeb(category)) {
          if (!ctx.guildId || !webOn(ctx.guildId)) {
            throw new UserError(
              'fact.web_off',
              `${category.name} facts come from the web, which is off here. An admin turns it on with \`${ctx.prefix}config module fact web_facts true\`.`,
              {},
              'Fact Unavailable',
            );
          }
          await ctx.defer();
          ({ text, host: source } = await webFact(key, category, ctx.guildId));
        } else {
          text = fill(category.facts[Math.floor(Math.random() * category.facts.length)] as string, values);
        }
        const embed: APIEmbed = {
          color: COLOUR,
          title: `Fun Fact (${display(key)})`,
          description: text,
          ...(source ? { footer: { text: `From ${source}` } } : {}),
        };
        await ctx.reply({ embeds: [embed] });
      },
    });
    return {
      commands: [fact],
      checkSetting: (key, value) => (key.endsWith('_url') && typeof value === 'string' ? checkSourceUrl(value) : null),
    };
  },
});
