/**
 * The demo guild plus what the community features need: level reward roles, a booster role, a starboard channel,
 * a channel without XP, an NSFW channel, and a second small guild (to switch a module off in one guild only).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Fixture } from '#test/fake-discord/fixture.ts';

type Guild = NonNullable<Fixture['guilds']>[number];

export function communityFixture(): Fixture {
  const file = path.join(import.meta.dirname, '..', 'fake-discord', 'fixtures', 'demo-guild.json');
  const base = JSON.parse(fs.readFileSync(file, 'utf8')) as Fixture;
  const demo = base.guilds?.[0] as Guild;
  const roles = [...(demo.roles ?? [])];
  const at = roles.findIndex((r) => r.key === 'botRole');
  roles.splice(
    at,
    0,
    { key: 'level5', name: 'Level 5' },
    { key: 'level10', name: 'Level 10' },
    { key: 'booster', name: 'Booster' },
  );
  const channels = [
    ...(demo.channels ?? []),
    { key: 'starboard', name: 'starboard', parent: 'textCategory' },
    { key: 'noXp', name: 'no-xp', parent: 'textCategory' },
    { key: 'nsfw', name: 'nsfw', parent: 'textCategory', nsfw: true },
  ];
  const other: Guild = {
    key: 'other',
    name: 'Other Guild',
    owner: 'admin',
    everyonePermissions: demo.everyonePermissions ?? [],
    roles: [{ key: 'otherBotRole', name: 'Tux', bot: true, permissions: ['Administrator'] }],
    channels: [{ key: 'otherGeneral', name: 'general' }],
    members: [{ user: 'member1' }, { user: 'member2' }],
    botRoles: ['otherBotRole'],
  };
  return { ...base, guilds: [{ ...demo, roles, channels }, other] };
}
