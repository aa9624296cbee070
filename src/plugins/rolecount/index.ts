/**
 * rolecount: how many members hold each role of a group (distros, languages, desktops, editors, vanity roles),
 * largest first, 9 roles a page with Prev/Next buttons. Which roles make up each group is a per-guild setting; a
 * group with none set says how to set it.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import { definePlugin, paginate, UserError } from '../../plugin-api/index.ts';
import { emojiNameCandidates, type RoleTally, sortTallies, tallyLine } from './count.ts';

const GROUPS = [
  { value: 'distro', name: 'Distro', setting: 'distro_roles', what: 'distributions and operating systems' },
  { value: 'language', name: 'Language', setting: 'language_roles', what: 'programming languages' },
  { value: 'dewm', name: 'DE/WM', setting: 'dewm_roles', what: 'desktop environments and window managers' },
  { value: 'editors', name: 'Editors', setting: 'editor_roles', what: 'text editors' },
  { value: 'vanity', name: 'Vanity', setting: 'vanity_roles', what: 'vanity roles' },
] as const;

type Group = (typeof GROUPS)[number];
type RolecountSettings = Record<Group['setting'], string[]>;

const COLOUR = 0x2b8cf5;
/** Roles per page, as Tux shows them. */
export const ROLES_PER_PAGE = 9;

export default definePlugin<RolecountSettings>({
  manifest: {
    name: 'rolecount',
    version: '1.1.0',
    description: 'Count the members of each role in a group (distros, languages, ...)',
    api: '^1.2.0',
    settings: Object.fromEntries(
      GROUPS.map((g) => [
        g.setting,
        { type: 'roles', description: `Roles counted for "${g.name}" (${g.what}); none: the group is off`, max: 50 },
      ]),
    ),
    permissions: { intents: ['GuildMembers'], network: false },
  },
  create(tux) {
    const rolecount = tux.api.defineCommand({
      name: 'rolecount',
      description: 'Show how many members have each role of a group',
      category: 'Info',
      defaultRank: 0,
      guildOnly: true,
      cooldown: { seconds: 10 },
      examples: ['rolecount distro', 'rolecount editors'],
      args: {
        which: tux.api.arg.string({
          description: 'Which group to count',
          choices: GROUPS.map((g) => ({ name: g.name, value: g.value })),
        }),
      },
      async run(ctx, { which }) {
        const guild = ctx.guild;
        if (!guild) return;
        const group = GROUPS.find((g) => g.value === which) as Group;
        const ids = tux.settings(guild.id)[group.setting] ?? [];
        if (ids.length === 0) {
          throw new UserError(
            'rolecount.unset',
            `No roles are set for ${group.name} in this server. An admin lists them with \`${ctx.prefix}config module rolecount ${group.setting} @Role1, @Role2\`.`,
            {},
            'Nothing To Count',
          );
        }
        await ctx.defer();
        // Every member, so each role's member list is complete (needs the Server Members intent).
        await guild.members.fetch().catch((err: unknown) => tux.log.warn({ err }, 'rolecount: member fetch failed'));
        const roles = await guild.roles.fetch();
        const tallies: RoleTally[] = [];
        for (const id of ids) {
          const role = roles.get(id);
          if (role) tallies.push({ id, name: role.name, members: role.members.size });
        }
        if (tallies.length === 0) {
          throw new UserError(
            'rolecount.gone',
            `None of the roles set for ${group.name} exist any more. Set them again with \`${ctx.prefix}config module rolecount ${group.setting}\`.`,
            {},
            'Nothing To Count',
          );
        }
        const emojiOf = (name: string) => {
          for (const candidate of emojiNameCandidates(name)) {
            const e = guild.emojis.cache.find((x) => x.name?.toLowerCase() === candidate);
            if (e) return e.toString();
          }
          return null;
        };
        const lines = sortTallies(tallies).map((t) => tallyLine(t, emojiOf(t.name)));
        const pages: APIEmbed[] = [];
        for (let i = 0; i < lines.length; i += ROLES_PER_PAGE) {
          pages.push({
            color: COLOUR,
            title: `Role count: ${group.name}`,
            description: lines.slice(i, i + ROLES_PER_PAGE).join('\n'),
            footer: { text: `${tallies.length} roles` },
          });
        }
        // Role mentions in an embed ping nobody; the pages turn with Prev/Next, for the member who asked.
        await paginate(ctx, pages);
      },
    });
    return { commands: [rolecount] };
  },
});
