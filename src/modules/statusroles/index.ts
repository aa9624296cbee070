/**
 * Status roles: a member whose custom status matches one of the server's regexes (searched, ignoring case, as in
 * Tux) gets that role, and loses it when the status no longer matches. Applied on every presence change and swept
 * over all members at start and on demand, in batches with progress in the log. Regexes are checked when they are
 * set and run in worker threads with a time limit. The privileged presence intent is requested only while some
 * guild has status roles, and no presence cache is kept.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { SafeRegex } from '#core/safe-regex/index.ts';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { statusRolesAdminOps } from './admin-ops.ts';
import { applyStatusRoles } from './apply-status-roles.ts';
import { statusRolesCommands } from './commands.ts';
import { customStatusOf } from './custom-status.ts';
import { statusRolesSettingsSchema } from './settings.ts';
import { MODULE, StatusRolesRuntime } from './status-roles-runtime.ts';

export function createStatusRolesModule(opts: { regex: SafeRegex }): BotModule {
  const runtime = new StatusRolesRuntime(opts.regex);
  return defineModule({
    name: MODULE,
    description: 'Roles given while a member’s custom status matches a regex',
    config: statusRolesSettingsSchema,
    intents: [GatewayIntentBits.GuildMembers],
    // Read while modules are still loading too, so it does not depend on the module's enabled state.
    conditionalIntents: (ctx) => (runtime.configuredGuilds(ctx).length > 0 ? [GatewayIntentBits.GuildPresences] : []),
    commands: statusRolesCommands(runtime),
    adminOps: statusRolesAdminOps(runtime),
    events: [
      defineEvent({
        event: 'presenceUpdate',
        async run(ctx, _before, presence) {
          const guild = presence.guild;
          if (!guild) return;
          const { mappings } = runtime.settings(ctx, guild.id);
          if (mappings.length === 0) return;
          const member = presence.member ?? (await guild.members.fetch(presence.userId).catch(() => null));
          if (!member) return;
          await applyStatusRoles(member, mappings, customStatusOf(presence), runtime.regex, runtime.log(ctx));
        },
      }),
      defineEvent({
        event: 'clientReady',
        async run(ctx) {
          await runtime.sweepAll(ctx);
        },
      }),
    ],
    setup(ctx) {
      runtime.ctx = ctx;
      return () => {
        runtime.ctx = null;
      };
    },
  });
}
