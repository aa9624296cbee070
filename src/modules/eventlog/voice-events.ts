/** The voice group: joins, leaves and moves between voice channels. */
import { defineEvent } from '#discord/module.ts';
import { logEntry } from './log-entry.ts';
import { postTo, type RuntimeRef, routeOf, settingsOf } from './runtime.ts';

export function voiceEvents(rt: RuntimeRef) {
  return [
    defineEvent({
      event: 'voiceStateUpdate',
      run(ctx, before, after) {
        const r = rt();
        if (!r || before.channelId === after.channelId) return;
        const userId = after.id;
        const s = settingsOf(ctx, after.guild.id);
        const about = after.channelId ?? before.channelId;
        const channelId = routeOf(s, 'voice', { userId, channelId: about });
        if (!channelId) return;
        if (before.channelId && after.channelId && s.ignored_channels.includes(before.channelId)) return;
        const who = `<@${userId}>`;
        const entry = !before.channelId
          ? logEntry({
              tone: 'create',
              title: 'Joined voice',
              description: `${who} joined <#${after.channelId}>`,
              ids: `user ${userId}`,
            })
          : !after.channelId
            ? logEntry({
                tone: 'delete',
                title: 'Left voice',
                description: `${who} left <#${before.channelId}>`,
                ids: `user ${userId}`,
              })
            : logEntry({
                tone: 'update',
                title: 'Moved voice channel',
                description: `${who} moved from <#${before.channelId}> to <#${after.channelId}>`,
                ids: `user ${userId}`,
              });
        postTo(r, channelId, entry);
      },
    }),
  ];
}
