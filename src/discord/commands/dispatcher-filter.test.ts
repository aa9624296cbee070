import type { Message } from 'discord.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CommandDispatcher, type DispatcherDeps } from './dispatcher.ts';

const dispatcher = new CommandDispatcher({
  prefixes: { get: (guildId: string | null) => (guildId === 'g2' ? '!!' : '$') },
  log: pino({ level: 'silent' }),
} as unknown as DispatcherDeps);

const msg = (content: string, extra: { bot?: boolean; webhookId?: string; guildId?: string } = {}) =>
  ({
    content,
    author: { bot: extra.bot ?? false },
    webhookId: extra.webhookId ?? null,
    guildId: extra.guildId ?? 'g1',
  }) as unknown as Message;

describe('which messages reach the command pipeline', () => {
  it('only messages from users that start with the guild prefix or a mention', () => {
    expect(dispatcher.mightBeCommand(msg('$ping'))).toBe(true);
    expect(dispatcher.mightBeCommand(msg('<@123> ping'))).toBe(true);
    expect(dispatcher.mightBeCommand(msg('!!ping', { guildId: 'g2' }))).toBe(true);
    expect(dispatcher.mightBeCommand(msg('$ping', { guildId: 'g2' }))).toBe(false);
    expect(dispatcher.mightBeCommand(msg('penguins are great'))).toBe(false);
    expect(dispatcher.mightBeCommand(msg(''))).toBe(false);
    expect(dispatcher.mightBeCommand(msg('$ping', { bot: true }))).toBe(false);
    expect(dispatcher.mightBeCommand(msg('$ping', { webhookId: '9' }))).toBe(false);
  });
});
