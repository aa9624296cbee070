/**
 * deepfry (`df`): deep-fries the image given to the command: `/deepfry image:<file>`, or attached to `$deepfry`
 * (or to the message it replies to). Static images
 * come back as a quality-1 JPEG, animated GIF/WebP as an animated WebP. Sizes, pixel counts and frames are
 * limited, and each guild runs at most `max_concurrent` at once; the work runs in libvips' threads.
 */
import type { Message } from 'discord.js';
import {
  arg,
  type CommandAttachment,
  type CommandContext,
  definePlugin,
  toCommandAttachment,
  UserError,
  WebServiceError,
} from '../../plugin-api/index.ts';
import { DEFAULT_LIMITS, deepfry, FryError } from './fry.ts';

interface DeepfrySettings {
  max_concurrent: number;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|avif|tiff?)$/i;

/** The given file; by prefix without one, the file of the message it replies to. */
async function attachmentOf(ctx: CommandContext, given: CommandAttachment | undefined): Promise<CommandAttachment> {
  if (given) return given;
  let replied: Message | null = null;
  if (ctx.message?.reference?.messageId) replied = await ctx.message.fetchReference().catch(() => null);
  const theirs = replied?.attachments.first();
  if (theirs) return toCommandAttachment(theirs);
  throw new UserError(
    'deepfry.no_image',
    ctx.kind === 'slash'
      ? 'Upload an image in the `image` option of `/deepfry`.'
      : `Attach an image to \`${ctx.prefix}deepfry\`, or reply with it to a message that has one.`,
    {},
    'No Image',
  );
}

export default definePlugin<DeepfrySettings>({
  manifest: {
    name: 'deepfry',
    version: '1.0.0',
    description: 'Deep-fry an image (deepfry / df)',
    api: '^1.1.0',
    settings: {
      max_concurrent: {
        type: 'integer',
        description: 'Deep-fries that may run at once in this server',
        default: 2,
        min: 1,
        max: 10,
      },
    },
    permissions: { intents: [], network: true },
  },
  create(tux) {
    const running = new Map<string, number>();
    const downloads = tux.web({
      label: 'attachments',
      baseUrl: 'https://cdn.discordapp.com',
      timeoutMs: 20_000,
      perMinute: 120,
      burst: 20,
      retries: 1,
      maxBytes: DEFAULT_LIMITS.maxBytes,
      cacheEntries: 1,
      listed: false,
    });
    const deepfryCommand = tux.api.defineCommand({
      name: 'deepfry',
      aliases: ['df'],
      description: 'Deep-fry an attached image',
      category: 'Fun',
      defaultRank: 0,
      args: { image: arg.attachment({ description: 'The image to deep-fry', optional: true }) },
      examples: ['deepfry (with an image attached)', 'df (replying to a message with an image)'],
      async run(ctx, { image }) {
        const attachment = await attachmentOf(ctx, image);
        if (attachment.size > DEFAULT_LIMITS.maxBytes) {
          throw new UserError(
            'deepfry.too_large',
            `The file is over ${DEFAULT_LIMITS.maxBytes / 1024 / 1024} MB.`,
            {},
            'Image Too Large',
          );
        }
        if (
          attachment.contentType &&
          !attachment.contentType.startsWith('image/') &&
          !IMAGE_NAME.test(attachment.name)
        ) {
          throw new UserError('deepfry.not_image', 'The file is not an image.', {}, 'Invalid File');
        }
        const key = ctx.guildId ?? `dm:${ctx.user.id}`;
        const limit = ctx.guildId ? tux.settings(ctx.guildId).max_concurrent : 1;
        const now = running.get(key) ?? 0;
        if (now >= limit) {
          throw new UserError(
            'deepfry.busy',
            `${now} deep-fries are already cooking here; try again in a moment.`,
            {},
            'Fryer Busy',
          );
        }
        running.set(key, now + 1);
        try {
          await ctx.defer();
          let input: Buffer;
          try {
            input = (await downloads.request({ path: attachment.url })).body;
          } catch (err) {
            if (err instanceof WebServiceError) {
              throw new UserError('deepfry.download', `Could not download the image (${err.message}).`, {}, 'Error');
            }
            throw err;
          }
          try {
            const out = await deepfry(input);
            await ctx.reply({ files: [{ attachment: out.data, name: out.name }] });
          } catch (err) {
            if (err instanceof FryError) throw new UserError('deepfry.image', err.message, {}, err.title);
            throw err;
          }
        } finally {
          const left = (running.get(key) ?? 1) - 1;
          if (left > 0) running.set(key, left);
          else running.delete(key);
        }
      },
    });
    return { commands: [deepfryCommand] };
  },
});
