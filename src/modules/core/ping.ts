import type { Client } from 'discord.js';
import { formatDuration } from '#core/time/duration.ts';
import { type CommandContext, defineCommand } from '#discord/commands/index.ts';
import { discordJs } from '#discord/discord-lib.ts';
import { brandEmbed } from '#discord/ui/index.ts';

/**
 * discord.js reports -1 until the first heartbeat is acknowledged, and Discord's first heartbeat may come up to one
 * interval (41.25 s) after connecting: a ping sent before then is edited once the gateway latency is known.
 */
const FIRST_ACK_WAIT_MS = 45_000;
const POLL_MS = 250;

function pingEmbed(ctx: CommandContext, gateway: number, handlingMs: number) {
  // rss() alone: the full memoryUsage() also walks V8's heap spaces.
  const rss = process.memoryUsage.rss();
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return brandEmbed('info', {
    title: 'Pong!',
    fields: [
      { name: 'Gateway', value: gateway >= 0 ? `${Math.round(gateway)} ms` : 'measuring…', inline: true },
      { name: 'Handling', value: `${handlingMs} ms`, inline: true },
      { name: 'Uptime', value: formatDuration(Date.now() - ctx.app.startedAt, { maxParts: 3 }), inline: true },
      { name: 'Memory', value: `${mb(rss)} RSS`, inline: true },
      {
        name: 'Versions',
        value: `Tux ${ctx.app.version} · discord.js ${discordJs().version} · Node ${process.versions.node}`,
        inline: false,
      },
    ],
    user: { username: ctx.user.username, avatarURL: ctx.user.displayAvatarURL() },
    latencyMs: gateway,
  });
}

/** The gateway latency once the first heartbeat ack arrives; null if it does not in time or the client stops. */
export function firstGatewayPing(client: Client, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const tick = (): void => {
      if (!client.isReady()) resolve(null);
      else if (client.ws.ping >= 0) resolve(client.ws.ping);
      else if (Date.now() >= deadline) resolve(null);
      else setTimeout(tick, POLL_MS).unref();
    };
    tick();
  });
}

/** Latency, uptime, memory and versions. */
export const ping = defineCommand({
  name: 'ping',
  description: "Check the bot's latency, uptime and memory",
  category: 'Info',
  defaultRank: 0,
  async run(ctx) {
    const handlingMs = Date.now() - ctx.receivedAt;
    const gateway = ctx.client.ws.ping;
    await ctx.reply({ embeds: [pingEmbed(ctx, gateway, handlingMs)] });
    if (gateway >= 0) return;
    void firstGatewayPing(ctx.client, FIRST_ACK_WAIT_MS).then(async (measured) => {
      if (measured === null) return;
      await ctx
        .editReply({ embeds: [pingEmbed(ctx, measured, handlingMs)] })
        .catch((err: unknown) => ctx.log.debug({ err }, 'could not fill in the gateway ping'));
    });
  },
});
