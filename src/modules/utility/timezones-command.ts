/** `timezones`: the time now across six continents, one page each, with a continent menu. */
import type { APIEmbed, ButtonBuilder, StringSelectMenuBuilder } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { defineCommand } from '#discord/commands/index.ts';
import { discordJs } from '#discord/discord-lib.ts';
import { brandEmbed, NOT_YOURS } from '#discord/ui/index.ts';
import { CONTINENTS, localTimes, utcOffset } from './timezone-table.ts';

const NAMES = Object.keys(CONTINENTS);

export function continentPage(name: string, at: Date): APIEmbed {
  const { places } = CONTINENTS[name] as (typeof CONTINENTS)[string];
  return {
    ...brandEmbed('info', { title: `Timezones in ${name}` }),
    fields: places.map((pl) => ({
      name: `${pl.flag} ${pl.abbr} (${utcOffset(pl.zone, at)})`,
      value: `\`${localTimes(pl.zone, at)}\``,
      inline: true,
    })),
    footer: { text: `Page ${NAMES.indexOf(name) + 1} of ${NAMES.length}` },
  };
}

function controls(current: string, disabled = false) {
  const { ActionRowBuilder, ButtonBuilder, StringSelectMenuBuilder } = discordJs();
  const menu = new StringSelectMenuBuilder()
    .setCustomId('tz:continent')
    .setPlaceholder('Select Continent')
    .setDisabled(disabled)
    .addOptions(
      NAMES.map((n) => ({
        label: n,
        value: n,
        emoji: (CONTINENTS[n] as { emoji: string }).emoji,
        default: n === current,
      })),
    );
  const i = NAMES.indexOf(current);
  const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId('tz:prev')
      .setLabel('◀ Prev')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled || i === 0),
    new ButtonBuilder()
      .setCustomId('tz:next')
      .setLabel('Next ▶')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(disabled || i === NAMES.length - 1),
    new ButtonBuilder().setCustomId('tz:end').setLabel('End').setStyle(ButtonStyle.Danger).setDisabled(disabled),
  );
  return [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu), buttons];
}

export const timezonesCommand = defineCommand({
  name: 'timezones',
  aliases: ['tz'],
  description: 'The time now across the world, continent by continent',
  category: 'Utility',
  defaultRank: 0,
  async run(ctx) {
    let current = NAMES[0] as string;
    const message = await ctx.reply({ embeds: [continentPage(current, new Date())], components: controls(current) });
    const collector = message.createMessageComponentCollector({ time: 180_000 });
    collector.on('collect', async (i) => {
      if (i.user.id !== ctx.user.id) {
        await i.reply({ content: NOT_YOURS, flags: 64 }).catch(() => undefined);
        return;
      }
      if (i.customId === 'tz:end') {
        collector.stop('ended');
        await i.update({ components: controls(current, true) }).catch(() => undefined);
        return;
      }
      const idx = NAMES.indexOf(current);
      if (i.customId === 'tz:prev') current = NAMES[Math.max(0, idx - 1)] as string;
      else if (i.customId === 'tz:next') current = NAMES[Math.min(NAMES.length - 1, idx + 1)] as string;
      else if (i.componentType === ComponentType.StringSelect && NAMES.includes(i.values[0] ?? ''))
        current = i.values[0] as string;
      await i
        .update({ embeds: [continentPage(current, new Date())], components: controls(current) })
        .catch(() => undefined);
    });
    collector.on('end', (_c, reason) => {
      if (reason !== 'ended') void message.edit({ components: controls(current, true) }).catch(() => undefined);
    });
  },
});
