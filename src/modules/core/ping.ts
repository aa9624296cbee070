import { version as djsVersion } from 'discord.js';
import { formatDuration } from '#core/time/duration.ts';
import { defineCommand } from '#discord/commands/index.ts';
import { brandEmbed } from '#discord/ui/index.ts';

/** Latency, uptime, memory and versions. */
export const ping = defineCommand({
  name: 'ping',
  description: "Check the bot's latency, uptime and memory",
  category: 'Info',
  defaultRank: 0,
  async run(ctx) {
    const gateway = ctx.client.ws.ping;
    const mem = process.memoryUsage();
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    await ctx.reply({
      embeds: [
        brandEmbed('info', {
          title: 'Pong!',
          fields: [
            { name: 'Gateway', value: gateway >= 0 ? `${Math.round(gateway)} ms` : 'measuring…', inline: true },
            { name: 'Handling', value: `${Date.now() - ctx.receivedAt} ms`, inline: true },
            { name: 'Uptime', value: formatDuration(Date.now() - ctx.app.startedAt, { maxParts: 3 }), inline: true },
            { name: 'Memory', value: `${mb(mem.rss)} RSS, ${mb(mem.heapUsed)} heap`, inline: true },
            {
              name: 'Versions',
              value: `Tux ${ctx.app.version} · discord.js ${djsVersion} · Node ${process.versions.node}`,
              inline: false,
            },
          ],
          user: { username: ctx.user.username, avatarURL: ctx.user.displayAvatarURL() },
          latencyMs: gateway,
        }),
      ],
    });
  },
});
