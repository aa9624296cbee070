/**
 * The now-playing message: a Components V2 container with the track, its state and buttons (pause/resume, skip,
 * stop, loop, shuffle). One message per player, posted when its first track starts and edited in place on every
 * change; when the music ends it is edited a last time without buttons.
 */

import type { ButtonBuilder, Message, MessageCreateOptions, MessageEditOptions } from 'discord.js';
import { ButtonStyle, MessageFlags } from 'discord-api-types/v10';
import { discordJs } from '#discord/discord-lib.ts';
import { brandContainer, type V2Block } from '#discord/ui/index.ts';
import type { QueuedTrack } from './queue-store.ts';
import { formatDuration } from './resolvers.ts';
import type { LoopMode } from './settings.ts';

export const BUTTON_PREFIX = 'music:';
export type PanelAction = 'pause' | 'resume' | 'skip' | 'stop' | 'loop' | 'shuffle';

export interface PanelView {
  track: QueuedTrack | null;
  paused: boolean;
  volume: number;
  loop: LoopMode;
  next: QueuedTrack | null;
  upcoming: number;
  /** Shown instead of the track when the music has ended. */
  ended?: string;
}

const LOOP_LABEL: Record<LoopMode, string> = { off: 'Loop: off', track: 'Loop: track', queue: 'Loop: queue' };

export type PanelPayload = MessageCreateOptions & MessageEditOptions;

export function renderPanel(view: PanelView): PanelPayload {
  const blocks: V2Block[] = [];
  if (view.ended || !view.track) {
    blocks.push({ text: `### ⏹️ Nothing playing\n${view.ended ?? 'The queue is empty.'}` });
  } else {
    const t = view.track;
    blocks.push({
      text: `### ${view.paused ? '⏸️ Paused' : '▶️ Now playing'}\n**${t.title}** (${formatDuration(t.durationMs)}) · <@${t.requestedBy}>`,
    });
    blocks.push({ separator: true });
    const next = view.next ? `Up next: **${view.next.title}**` : 'Nothing queued after this.';
    blocks.push({
      text: `${next}\n-# volume ${view.volume}% · loop ${view.loop} · ${view.upcoming} track${view.upcoming === 1 ? '' : 's'} up next`,
    });
    const { ActionRowBuilder, ButtonBuilder } = discordJs();
    const button = (action: PanelAction, label: string, style = ButtonStyle.Secondary) =>
      new ButtonBuilder().setCustomId(`${BUTTON_PREFIX}${action}`).setLabel(label).setStyle(style);
    blocks.push({
      row: new ActionRowBuilder<ButtonBuilder>().addComponents(
        view.paused
          ? button('resume', '▶️ Resume', ButtonStyle.Success)
          : button('pause', '⏸️ Pause', ButtonStyle.Primary),
        button('skip', '⏭️ Skip'),
        button('stop', '⏹️ Stop', ButtonStyle.Danger),
        button('loop', `🔁 ${LOOP_LABEL[view.loop]}`),
        button('shuffle', '🔀 Shuffle'),
      ),
    });
  }
  return {
    components: [brandContainer(view.track && !view.ended ? 'info' : 'default', blocks)] as never,
    flags: MessageFlags.IsComponentsV2,
    allowedMentions: { parse: [] },
  };
}

/** Posts the panel once and edits it after that; edits are coalesced and sent one at a time. */
export class NowPlayingPanel {
  #message: Message | null = null;
  /** The last payload sent, to skip edits that would change nothing. */
  #shown = '';
  #pending: NodeJS.Timeout | null = null;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #view: () => PanelView;
  readonly #post: (payload: PanelPayload) => Promise<Message | null>;
  readonly #delayMs: number;

  constructor(opts: {
    view: () => PanelView;
    post: (payload: PanelPayload) => Promise<Message | null>;
    delayMs?: number;
  }) {
    this.#view = opts.view;
    this.#post = opts.post;
    this.#delayMs = opts.delayMs ?? 300;
  }

  get messageId(): string | null {
    return this.#message?.id ?? null;
  }

  /** Shows the player's state soon (posting the message if there is none yet and a track plays). */
  refresh(): void {
    if (this.#closed || this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = null;
      this.#chain = this.#chain.then(() => this.#render()).catch(() => undefined);
    }, this.#delayMs);
    this.#pending.unref();
  }

  /** Last edit: the music ended (or the bot left); the next track posts a new message. */
  close(reason: string): void {
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = null;
    const message = this.#message;
    this.#message = null;
    if (!message) return;
    const view = { ...this.#view(), ended: reason };
    this.#chain = this.#chain.then(() => message.edit(renderPanel(view))).catch(() => undefined);
  }

  /** The player is gone for good. */
  dispose(reason: string): void {
    this.close(reason);
    this.#closed = true;
  }

  async #render(): Promise<void> {
    const view = this.#view();
    const payload = renderPanel(view);
    const shown = JSON.stringify(payload.components);
    if (!this.#message) {
      if (!view.track) return;
      this.#message = await this.#post(payload);
      this.#shown = shown;
      return;
    }
    if (shown === this.#shown) return;
    this.#shown = shown;
    await this.#message.edit(payload);
  }
}
