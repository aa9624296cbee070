/** The member group: joins (account age, invite used), leaves, nickname/role/timeout changes, bans and unbans. */
import { defineEvent } from '#discord/module.ts';
import { describeAttribution } from './invite-tracker.ts';
import { age, logEntry } from './log-entry.ts';
import { postTo, type RuntimeRef, routeOf, settingsOf } from './runtime.ts';

export function memberEvents(rt: RuntimeRef) {
  return [
    defineEvent({
      event: 'guildMemberAdd',
      async run(ctx, member) {
        const r = rt();
        if (!r) return;
        // The invite is worked out for every join (the `invites` commands use it), logged or not.
        const invite = await r.invites.attribute(member);
        const channelId = routeOf(settingsOf(ctx, member.guild.id), 'members', { userId: member.id });
        const created = member.user.createdTimestamp;
        postTo(
          r,
          channelId,
          logEntry({
            tone: 'create',
            title: 'Member joined',
            description: `<@${member.id}> (${member.user.tag}) joined`,
            fields: [
              {
                name: 'Account age',
                value: `${age(created)} (created <t:${Math.floor(created / 1000)}:D>)`,
                inline: true,
              },
              { name: 'Invite', value: describeAttribution(invite), inline: true },
              { name: 'Members', value: String(member.guild.memberCount), inline: true },
            ],
            ids: `user ${member.id}`,
          }),
        );
      },
    }),
    defineEvent({
      event: 'guildMemberRemove',
      run(ctx, member) {
        const r = rt();
        if (!r) return;
        const channelId = routeOf(settingsOf(ctx, member.guild.id), 'members', { userId: member.id });
        const joined = member.joinedTimestamp;
        postTo(
          r,
          channelId,
          logEntry({
            tone: 'delete',
            title: 'Member left',
            description: `<@${member.id}> (${member.user?.tag ?? member.id}) left`,
            fields: [
              { name: 'Member for', value: joined ? age(joined) : 'unknown', inline: true },
              {
                name: 'Roles',
                value: member.partial
                  ? 'unknown'
                  : member.roles.cache
                      .filter((role) => role.id !== member.guild.id)
                      .map((role) => `<@&${role.id}>`)
                      .join(' ') || 'none',
              },
            ],
            ids: `user ${member.id}`,
          }),
        );
      },
    }),
    defineEvent({
      event: 'guildMemberUpdate',
      run(ctx, before, after) {
        const r = rt();
        if (!r || before.partial) return;
        const channelId = routeOf(settingsOf(ctx, after.guild.id), 'members', { userId: after.id });
        if (!channelId) return;
        const who = `<@${after.id}> (${after.user.tag})`;
        const ids = `user ${after.id}`;
        if (before.nickname !== after.nickname) {
          postTo(
            r,
            channelId,
            logEntry({
              tone: 'update',
              title: 'Nickname changed',
              description: who,
              fields: [
                { name: 'Before', value: before.nickname ?? '(none)', inline: true },
                { name: 'After', value: after.nickname ?? '(none)', inline: true },
              ],
              ids,
            }),
          );
        }
        const added = after.roles.cache.filter((role) => !before.roles.cache.has(role.id));
        const removed = before.roles.cache.filter((role) => !after.roles.cache.has(role.id));
        if (added.size || removed.size) {
          postTo(
            r,
            channelId,
            logEntry({
              tone: 'update',
              title: 'Roles changed',
              description: who,
              fields: [
                { name: 'Added', value: added.map((role) => `<@&${role.id}>`).join(' ') },
                { name: 'Removed', value: removed.map((role) => `<@&${role.id}>`).join(' ') },
              ],
              ids,
            }),
          );
        }
        const was = before.communicationDisabledUntilTimestamp ?? 0;
        const until = after.communicationDisabledUntilTimestamp ?? 0;
        if (was !== until) {
          const on = until > Date.now();
          postTo(
            r,
            channelId,
            logEntry({
              tone: on ? 'delete' : 'create',
              title: on ? 'Member timed out' : 'Timeout removed',
              description: on ? `${who} until <t:${Math.floor(until / 1000)}:f>` : who,
              ids,
            }),
          );
        }
      },
    }),
    defineEvent({
      event: 'guildBanAdd',
      run(ctx, ban) {
        const r = rt();
        if (!r) return;
        postTo(
          r,
          routeOf(settingsOf(ctx, ban.guild.id), 'members', { userId: ban.user.id }),
          logEntry({
            tone: 'delete',
            title: 'Member banned',
            description: `<@${ban.user.id}> (${ban.user.tag})`,
            ids: `user ${ban.user.id}`,
          }),
        );
      },
    }),
    defineEvent({
      event: 'guildBanRemove',
      run(ctx, ban) {
        const r = rt();
        if (!r) return;
        postTo(
          r,
          routeOf(settingsOf(ctx, ban.guild.id), 'members', { userId: ban.user.id }),
          logEntry({
            tone: 'create',
            title: 'Member unbanned',
            description: `<@${ban.user.id}> (${ban.user.tag})`,
            ids: `user ${ban.user.id}`,
          }),
        );
      },
    }),
  ];
}
