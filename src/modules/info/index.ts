/**
 * Read-only information about the server and its members, roles, channels and emojis (`info ...`), and
 * `membercount`, `avatar`. By slash only the caller sees the answer.
 */
import { defineModule } from '#discord/module.ts';
import { avatarCommand } from './avatar-command.ts';
import { infoCommand, membercountCommand } from './info-commands.ts';

export function createInfoModule() {
  return defineModule({
    name: 'info',
    description: 'Information views: server, member or user, role, channel, emoji, invite; avatars; member counts',
    commands: [infoCommand, membercountCommand, avatarCommand],
  });
}
