/**
 * tty_roles: gives a joining member the role named for the server's size at that moment (`/dev/tty0` up to 128
 * members, then `/dev/tty128`, `/dev/tty256`, ...), creating the role if it is missing, 5 s after the join (as
 * Tux does). Off until a server turns `assign` on.
 */
import { definePlugin, onEvent } from '../../plugin-api/index.ts';
import { ttyRoleName } from './tty-name.ts';

interface TtySettings {
  assign: boolean;
  delay_seconds: number;
}

export default definePlugin<TtySettings>({
  manifest: {
    name: 'tty_roles',
    version: '1.0.0',
    description: 'Give joining members a /dev/ttyN role by server size',
    api: '^1.0.0',
    settings: {
      assign: { type: 'boolean', description: 'Give joining members their /dev/tty role', default: false },
      delay_seconds: {
        type: 'integer',
        description: 'Seconds to wait after a join',
        default: 5,
        min: 0,
        max: 300,
      },
    },
    permissions: { intents: ['GuildMembers'], network: false },
  },
  create(tux) {
    const timers = new Set<NodeJS.Timeout>();
    return {
      events: [
        onEvent('guildMemberAdd', (member) => {
          const settings = tux.settings(member.guild.id);
          if (!settings.assign || member.user.bot) return;
          const name = ttyRoleName(member.guild.memberCount);
          const timer = setTimeout(() => {
            timers.delete(timer);
            void (async () => {
              const guild = member.guild;
              const roles = await guild.roles.fetch();
              const role =
                roles.find((r) => r.name === name) ??
                (await guild.roles.create({ name, reason: 'tty_roles: role for the server size' }));
              const current = await guild.members.fetch(member.id).catch(() => null);
              if (current) await current.roles.add(role, 'tty_roles');
            })().catch((err: unknown) => tux.log.warn({ err }, `tty_roles: could not give ${name}`));
          }, settings.delay_seconds * 1000);
          timers.add(timer);
        }),
      ],
      setup() {
        return () => {
          for (const t of timers) clearTimeout(t);
          timers.clear();
        };
      },
    };
  },
});
