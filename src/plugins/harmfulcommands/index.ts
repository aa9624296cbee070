/**
 * harmfulcommands: replies with Tux's warning to a message (new, or edited into one) that holds a destructive
 * shell command: a fork bomb, `rm -rf` on a dangerous target, `dd` onto a disk, `mkfs` on a disk. Harmless
 * commands stay silent. Messages relayed by a bridge's webhook (IRC) are checked when the webhook is listed.
 */
import type { Message, PartialMessage } from 'discord.js';
import { definePlugin, onEvent } from '../../plugin-api/index.ts';
import { harmKind, WARNINGS } from './detect.ts';

interface HarmfulSettings {
  bridge_webhooks: string[];
}

async function warn(message: Message | PartialMessage): Promise<void> {
  const kind = harmKind(message.content ?? '');
  if (kind) await message.reply({ content: WARNINGS[kind], allowedMentions: { repliedUser: false } });
}

export default definePlugin<HarmfulSettings>({
  manifest: {
    name: 'harmfulcommands',
    version: '1.0.0',
    description: 'Warn about destructive shell commands (rm -rf /, fork bombs, dd, mkfs)',
    api: '^1.0.0',
    settings: {
      bridge_webhooks: {
        type: 'strings',
        description: 'Webhook ids of chat bridges (IRC) whose messages are checked too',
      },
    },
  },
  create(tux) {
    return {
      onMessage: (message) => warn(message),
      events: [
        // Bridged messages come from webhooks, which the message pipeline leaves out.
        onEvent('messageCreate', async (message) => {
          if (!message.webhookId || !message.guildId) return;
          if (!tux.settings(message.guildId).bridge_webhooks.includes(message.webhookId)) return;
          await warn(message);
        }),
        onEvent('messageUpdate', async (before, after) => {
          if (after.author?.bot && !after.webhookId) return;
          if (before.content && harmKind(before.content)) return; // warned already
          await warn(after.partial ? await after.fetch() : after);
        }),
      ],
    };
  },
});
