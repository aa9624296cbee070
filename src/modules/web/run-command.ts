/** `run`: runs a fenced code block (or the one in the message replied to) on Wandbox or Godbolt. */
import type { ButtonBuilder, Message } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { WebService } from '#core/http/web-service.ts';
import { arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { discordJs } from '#discord/discord-lib.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { runOnGodbolt, runOnWandbox } from './run-backends.ts';
import { backendFor, CODE_FORMAT_HELP, parseCodeBlock, SUPPORTED_LANGUAGES, stripAnsi } from './run-languages.ts';
import { webFailure } from './web-reply.ts';

const OUTPUT_MAX = 3800;
const CLOSE_ID = 'run:close';

async function codeFrom(ctx: CommandContext, typed: string | undefined): Promise<string | null> {
  const own = ctx.message?.content ?? typed ?? '';
  if (own.includes('```')) return own.slice(own.indexOf('```'));
  if (typed?.trim()) return typed;
  if (ctx.message?.reference?.messageId) {
    const ref: Message | null = await ctx.message.fetchReference().catch(() => null);
    if (ref?.content.includes('```')) return ref.content.slice(ref.content.indexOf('```'));
  }
  return null;
}

function fence(output: string): string {
  const clean = stripAnsi(output).replaceAll('```', '`\u200b``');
  return clean.length > OUTPUT_MAX
    ? `${clean.slice(0, OUTPUT_MAX)}\n… (output cut at ${OUTPUT_MAX} characters)`
    : clean;
}

export function createRunCommand(services: { wandbox: WebService; godbolt: WebService }) {
  return defineCommand({
    name: 'run',
    aliases: ['compile', 'exec'],
    description: 'Run a code block on Wandbox or Godbolt (or reply to a message with one)',
    category: 'Tools',
    defaultRank: 0,
    slash: false,
    cooldown: 5,
    examples: ['run ```py\nprint("hi")\n```'],
    args: { code: arg.text({ description: 'A fenced code block with its language', optional: true }) },
    async run(ctx, { code }) {
      const text = await codeFrom(ctx, code);
      if (!text) throw new UserError('run.missing_code', CODE_FORMAT_HELP);
      const { language, code: source } = parseCodeBlock(text);
      if (!language || !source.trim()) throw new UserError('run.bad_format', CODE_FORMAT_HELP);
      const backend = backendFor(language);
      if (!backend) {
        const shown = (language.split(/\s+/)[0] ?? language).slice(0, 30);
        throw new UserError(
          'run.unsupported_language',
          `No compiler found for \`${shown}\`. The following languages are supported:\n\`\`\`${SUPPORTED_LANGUAGES.join(', ')}\`\`\``,
        );
      }
      await ctx.defer();
      const service = services[backend.service];
      let output: string | null;
      try {
        output =
          backend.service === 'wandbox'
            ? await runOnWandbox(service, backend.compiler, source)
            : await runOnGodbolt(service, backend.compiler, source);
      } catch (err) {
        webFailure(err);
      }
      if (output === null) {
        throw new UserError(
          'run.no_output',
          'Failed to get output from the compiler. The code may have compilation errors.',
        );
      }
      const link = `[${service.label}](${service.baseUrl})`;
      const { ActionRowBuilder, ButtonBuilder } = discordJs();
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(CLOSE_ID).setLabel('✖ Close').setStyle(ButtonStyle.Danger),
      );
      const sent = await ctx.reply({
        embeds: [
          brandEmbed('info', {
            description: `-# Service provided by ${link}\n\`\`\`${language}\n${fence(output) || 'no result to show.'}\n\`\`\``,
          }),
        ],
        components: [row],
      });
      const collector = sent.createMessageComponentCollector({ componentType: ComponentType.Button, time: 600_000 });
      collector.on('collect', async (i) => {
        if (i.customId !== CLOSE_ID) return;
        await i.deferUpdate().catch(() => undefined);
        await sent.delete().catch(() => undefined);
        collector.stop('closed');
      });
      collector.on('end', (_c, reason) => {
        if (reason !== 'closed') void sent.edit({ components: [] }).catch(() => undefined);
      });
    },
  });
}

export const languagesCommand = defineCommand({
  name: 'languages',
  aliases: ['langs', 'lang'],
  description: 'List the languages the run command supports',
  category: 'Tools',
  defaultRank: 0,
  slash: false,
  async run(ctx) {
    await ctx.reply({
      embeds: [
        brandEmbed('info', {
          title: 'Supported Languages',
          description:
            `The following languages are currently supported by the \`run\` command:\n\`\`\`${SUPPORTED_LANGUAGES.join(', ')}\n\`\`\`\n\n` +
            'Please use triple backticks and provide syntax highlighting like below:\n```\n`\u200b``python\nprint("Hello, World!")\n`\u200b``\n```\n',
        }),
      ],
    });
  },
});
