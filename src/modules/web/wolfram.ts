/**
 * `wolfram <query>`: Wolfram|Alpha's picture answer without its header, as Tux crops it. Offered only when an app
 * id is configured.
 */

import type { WebService } from '#core/http/web-service.ts';
import { arg, defineCommand } from '#discord/commands/index.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { webFailure } from './web-reply.ts';
import { cropWolframHeader } from './wolfram-crop.ts';

export const WOLFRAM_FAILED = 'Failed to retrieve image from Wolfram|Alpha Simple API.';

export function createWolframCommand(service: WebService, appId: string) {
  return defineCommand({
    name: 'wolfram',
    description: 'Ask Wolfram|Alpha (answers as a picture)',
    category: 'Tools',
    defaultRank: 0,
    cooldown: 5,
    examples: ['wolfram integrate x^2', 'wolfram capital of France'],
    args: { query: arg.text({ description: "What to ask, e.g. 'integrate x^2'", max: 500 }) },
    async run(ctx, { query }) {
      await ctx.defer();
      let image: Buffer;
      try {
        const res = await service.request({ path: '/v1/simple', query: { appid: appId, i: query } });
        if (!res.contentType.startsWith('image/')) throw new Error('not an image');
        image = await cropWolframHeader(res.body).catch(() => {
          throw new Error('not an image');
        });
      } catch (err) {
        if (err instanceof Error && err.message === 'not an image') {
          await ctx.reply({ embeds: [brandEmbed('error', { description: WOLFRAM_FAILED })] });
          return;
        }
        webFailure(err, WOLFRAM_FAILED);
      }
      await ctx.reply({
        embeds: [
          {
            ...brandEmbed('info', { title: `Wolfram|Alpha: ${query.slice(0, 200)}` }),
            image: { url: 'attachment://wolfram.png' },
          },
        ],
        files: [{ attachment: image, name: 'wolfram.png' }],
      });
    },
  });
}
