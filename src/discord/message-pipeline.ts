/**
 * The passive message pipeline: one pass over each guild or DM message for every feature that reacts to plain chat
 * (XP, AFK return and mention notices, snippet triggers, ...). Each subscriber belongs to a module and is skipped
 * where that module is switched off. A subscriber reads its guild's settings from memory (ctx.settings), so a
 * plain message costs no SQLite read here.
 */
import type { Message } from 'discord.js';
import type { Logger } from '#core/log/types.ts';
import type { BotContext } from './context.ts';

export interface PassiveMessageInfo {
  /** The message invokes a prefix command (features such as XP skip those). */
  command: boolean;
}

/** A module's subscriber; errors are logged and never stop the other subscribers. */
export type PassiveMessageHandler = (ctx: BotContext, message: Message, info: PassiveMessageInfo) => unknown;

export class MessagePipeline {
  private readonly subscribers = new Map<string, PassiveMessageHandler>();

  constructor(private readonly log: Logger) {}

  /** Subscribes a module's handler; returns the function that unsubscribes it. */
  subscribe(module: string, handler: PassiveMessageHandler): () => void {
    this.subscribers.set(module, handler);
    return () => {
      if (this.subscribers.get(module) === handler) this.subscribers.delete(module);
    };
  }

  get size(): number {
    return this.subscribers.size;
  }

  async run(ctx: BotContext, message: Message, info: PassiveMessageInfo): Promise<void> {
    if (message.author.bot || message.webhookId || message.system) return;
    for (const [module, handler] of this.subscribers) {
      if (!ctx.modules.isEnabled(module, message.guildId)) continue;
      try {
        await handler(ctx, message, info);
      } catch (err) {
        this.log.error({ err, module }, `${module}: message handler failed`);
      }
    }
  }
}
