/** The now-playing buttons: the same actions and rules as the commands; refusals are ephemeral replies. */

import type { ButtonInteraction, Interaction } from 'discord.js';
import { MessageFlags } from 'discord-api-types/v10';
import type { Db } from '#core/db/types.ts';
import type { Logger } from '#core/log/types.ts';
import { isUserError } from '#discord/commands/index.ts';
import { nextLoop, pauseCurrent, resumeCurrent, setLoop, skipCurrent, stopAll } from './music-actions.ts';
import type { MusicManager } from './music-manager.ts';
import { playerFor } from './music-rules.ts';
import { BUTTON_PREFIX, type PanelAction } from './now-playing.ts';
import { shuffleUpcoming } from './queue-store.ts';

export async function onMusicButton(
  deps: { manager: MusicManager | null; db: Db; log: Logger },
  interaction: Interaction,
): Promise<void> {
  if (!interaction.isButton() || !interaction.customId.startsWith(BUTTON_PREFIX)) return;
  const i = interaction as ButtonInteraction;
  const action = i.customId.slice(BUTTON_PREFIX.length) as PanelAction;
  try {
    if (!deps.manager || !i.inCachedGuild()) throw new Error('music buttons work only in a server with music');
    const manager = deps.manager;
    const player = playerFor(manager, i.guildId, i.member);
    const settings = manager.settings(i.guildId);
    switch (action) {
      case 'pause':
        pauseCurrent(player);
        break;
      case 'resume':
        resumeCurrent(player);
        break;
      case 'skip':
        skipCurrent(deps.db, player, i.member, settings);
        break;
      case 'stop':
        await stopAll(deps.db, player, i.member, settings);
        break;
      case 'loop':
        setLoop(player, nextLoop(player.loop));
        break;
      case 'shuffle':
        shuffleUpcoming(deps.db, i.guildId);
        player.changed();
        break;
      default:
        return;
    }
    // The player edits its now-playing message itself (coalesced with other changes).
    await i.deferUpdate();
  } catch (err) {
    const content = isUserError(err) ? `❌ ${err.message}` : '❌ That did not work; try the command instead.';
    if (!isUserError(err)) deps.log.warn({ err, action }, 'music button failed');
    await i.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }).catch(() => undefined);
  }
}
