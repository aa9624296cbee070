/**
 * `automod` (rank 5): add, list, remove, enable, disable and test rules, manage exemptions, and switch raid mode.
 * Every refusal names the problem and changes nothing.
 */
import type { GuildBasedChannel } from 'discord.js';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { formatDuration } from '#core/time/duration.ts';
import { type AnyCommand, arg, type CommandContext, defineCommand, flag, UserError } from '#discord/commands/index.ts';
import { infoEmbed, successEmbed, warningEmbed } from '#discord/ui/index.ts';
import type { AutomodRuntime } from './automod-runtime.ts';
import {
  describeActions,
  describeConfig,
  parseActions,
  parseKind,
  parseRuleConfig,
  RuleInputError,
} from './rule-parse.ts';
import {
  addRule,
  type ExemptionTarget,
  getRule,
  listExemptions,
  listRules,
  MAX_RULES_PER_GUILD,
  removeRule,
  setExemption,
  setRuleEnabled,
} from './rule-store.ts';
import { KIND_SUMMARY, MAX_TIMEOUT_MS, RULE_KINDS, type Rule } from './rule-types.ts';

function refuse(id: string, message: string): never {
  throw new UserError(`automod.${id}`, message);
}

function parsed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RuleInputError) refuse('input', err.message);
    throw err;
  }
}

/** The bot must be able to post embeds in a log channel before it is accepted. */
export function assertCanPost(ctx: CommandContext, channel: GuildBasedChannel): void {
  const me = ctx.guild?.members.me;
  const perms = me && 'permissionsFor' in channel ? channel.permissionsFor(me) : null;
  if (
    !channel.isTextBased() ||
    !perms?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks])
  ) {
    refuse(
      'log-channel',
      `I can't post in <#${channel.id}>: give me View Channel, Send Messages and Embed Links there, or pick another channel.`,
    );
  }
}

function ruleLine(r: Rule): string {
  const state = r.enabled ? '' : ` — **off**${r.disabledReason ? ` (${r.disabledReason})` : ''}`;
  return `**#${r.id} ${r.name}** · ${r.config.kind}: ${describeConfig(r.config)} → ${describeActions(r.actions, formatDuration)}${state}`;
}

export function automodCommands(rt: () => AutomodRuntime): AnyCommand[] {
  const ruleId = () => arg.integer({ description: 'Rule number (see automod list)', min: 1, max: 2_147_483_647 });
  const findRule = (ctx: CommandContext, id: number): Rule =>
    getRule(ctx.app.db, ctx.guildId!, id) ??
    refuse('unknown-rule', `There is no automod rule #${id}. See \`automod list\`.`);

  return [
    defineCommand({
      name: 'automod',
      aliases: ['am'],
      description: 'Automatic moderation rules and raid protection',
      category: 'Admin',
      guildOnly: true,
      defaultRank: 5,
      subcommands: [
        defineCommand({
          name: 'add',
          description: 'Add a rule: kind, name, value, and at least one action',
          args: {
            kind: arg.string({
              description: 'What it looks for',
              choices: RULE_KINDS.map((k) => ({ name: `${k}: ${KIND_SUMMARY[k]}`, value: k })),
            }),
            name: arg.string({ description: 'A short name for the rule', max: 40 }),
            value: arg.text({ description: 'Words, pattern, limit or types (see docs)', optional: true, max: 1500 }),
          },
          flags: {
            delete: flag.boolean({ description: 'Delete the message' }),
            warn: flag.boolean({ description: 'Warn the member (a case; counts towards escalation)' }),
            timeout: flag.duration({ description: 'Time the member out (at most 28 days)' }),
            kick: flag.boolean({ description: 'Kick the member' }),
            ban: flag.boolean({ description: 'Ban the member' }),
            log: flag.channel({ description: 'Post each hit here', channelTypes: [ChannelType.GuildText] }),
          },
          async run(ctx, input) {
            const guildId = ctx.guildId!;
            const kind = parsed(() => parseKind(input.kind));
            const config = parsed(() => parseRuleConfig(kind, input.value ?? ''));
            if (input.timeout !== undefined && input.timeout > MAX_TIMEOUT_MS)
              refuse('timeout', 'A timeout can be at most 28 days (Discord’s limit). Pick a shorter one.');
            if (input.log) assertCanPost(ctx, input.log as GuildBasedChannel);
            const actions = parsed(() =>
              parseActions({
                delete: input.delete,
                warn: input.warn,
                timeoutMs: input.timeout ?? null,
                kick: input.kick,
                ban: input.ban,
                logChannel: input.log?.id ?? null,
              }),
            );
            if (config.kind === 'regex') {
              const v = await rt().regex.validate(config.pattern, config.flags);
              if (!v.ok) refuse('regex', `That regex was refused: ${v.message}`);
            }
            if (listRules(ctx.app.db, guildId).length >= MAX_RULES_PER_GUILD)
              refuse('too-many', `A server can have at most ${MAX_RULES_PER_GUILD} automod rules. Remove one first.`);
            const rule = addRule(ctx.app.db, {
              guildId,
              name: input.name.trim(),
              config,
              actions,
              createdBy: ctx.user.id,
            });
            rt().engine.invalidate(guildId);
            await ctx.reply({ embeds: [successEmbed({ title: 'Automod Rule Added', description: ruleLine(rule) })] });
          },
        }),
        defineCommand({
          name: 'list',
          aliases: ['ls'],
          description: 'Show the rules, exemptions and raid state',
          async run(ctx) {
            const guildId = ctx.guildId!;
            const rules = listRules(ctx.app.db, guildId);
            const ex = listExemptions(ctx.app.db, guildId);
            const s = rt().settings(guildId);
            const exLines = ex.map((e) => {
              const who =
                e.targetType === 'channel'
                  ? `<#${e.targetId}>`
                  : e.targetType === 'role'
                    ? `<@&${e.targetId}>`
                    : `<@${e.targetId}>`;
              return `${e.scope === 'all' ? 'all rules' : e.scope === 'antinuke' ? 'antinuke trusts' : `rule #${e.scope}`}: ${who}`;
            });
            const raid = rt().raid.active(guildId)
              ? 'ON'
              : s.raid_joins > 0
                ? `off (on at ${s.raid_joins} joins in ${s.raid_seconds} s)`
                : 'off (not configured)';
            await ctx.reply({
              embeds: [
                infoEmbed({
                  title: 'Automod',
                  description: [
                    rules.length > 0 ? rules.map(ruleLine).join('\n') : 'No rules yet. Add one with `automod add`.',
                    '',
                    `Exempt: rank ${s.exempt_rank} and above${exLines.length > 0 ? `; ${exLines.join('; ')}` : ''}`,
                    `Raid mode: ${raid}. Antinuke: ${s.antinuke_threshold > 0 ? `more than ${s.antinuke_threshold} in ${s.antinuke_seconds} s` : 'off'}.`,
                  ]
                    .join('\n')
                    .slice(0, 4000),
                }),
              ],
            });
          },
        }),
        defineCommand({
          name: 'remove',
          aliases: ['rm', 'delete'],
          description: 'Remove a rule',
          args: { id: ruleId() },
          async run(ctx, { id }) {
            const rule = findRule(ctx, id);
            removeRule(ctx.app.db, ctx.guildId!, id);
            rt().engine.invalidate(ctx.guildId!);
            await ctx.reply({
              embeds: [
                successEmbed({ title: 'Automod Rule Removed', description: `#${rule.id} ${rule.name} is gone.` }),
              ],
            });
          },
        }),
        ...(['enable', 'disable'] as const).map((verb) =>
          defineCommand({
            name: verb,
            description: verb === 'enable' ? 'Switch a rule back on' : 'Switch a rule off without removing it',
            args: { id: ruleId() },
            async run(ctx, { id }) {
              const rule = findRule(ctx, id);
              const on = verb === 'enable';
              if (on && rule.config.kind === 'regex') {
                const v = await rt().regex.validate(rule.config.pattern, rule.config.flags);
                if (!v.ok) refuse('regex', `Rule #${id} stays off: ${v.message}`);
              }
              setRuleEnabled(ctx.app.db, ctx.guildId!, id, on, on ? null : `switched off by ${ctx.user.username}`);
              rt().engine.invalidate(ctx.guildId!);
              await ctx.reply({
                embeds: [
                  successEmbed({
                    title: on ? 'Automod Rule On' : 'Automod Rule Off',
                    description: `#${rule.id} ${rule.name}`,
                  }),
                ],
              });
            },
          }),
        ),
        defineCommand({
          name: 'test',
          description: 'Check a text against the rules without acting',
          args: { text: arg.text({ description: 'Text to check', max: 2000 }) },
          async run(ctx, { text }) {
            const v = await rt().engine.check({
              source: 'edit',
              guildId: ctx.guildId!,
              userId: ctx.user.id,
              channelId: null,
              roleIds: [],
              text,
              attachments: [],
              mentions: 0,
              at: Date.now(),
            });
            await ctx.reply({
              embeds: [
                v
                  ? warningEmbed({
                      title: 'Automod Test',
                      description: `Rule #${v.rule.id} ${v.rule.name} would fire: ${v.detail}.`,
                    })
                  : successEmbed({ title: 'Automod Test', description: 'No rule would fire on that text.' }),
              ],
            });
          },
        }),
        defineCommand({
          name: 'exempt',
          description: 'Exempt a role, channel or member from a rule, all rules, or the antinuke guard',
          args: {
            scope: arg.string({ description: 'A rule number, all, or antinuke', max: 12 }),
          },
          flags: {
            role: flag.role({ description: 'Role to exempt' }),
            channel: flag.channel({ description: 'Channel to exempt' }),
            user: flag.user({ description: 'Member to exempt (antinuke: trust)' }),
            remove: flag.boolean({ description: 'Remove the exemption instead' }),
          },
          async run(ctx, input) {
            const guildId = ctx.guildId!;
            const scope = input.scope.toLowerCase();
            if (scope !== 'all' && scope !== 'antinuke') {
              if (!/^\d+$/.test(scope)) refuse('scope', 'Give a rule number, `all` or `antinuke`.');
              findRule(ctx, Number(scope));
            }
            const targets: { type: ExemptionTarget; id: string }[] = [];
            if (input.role) targets.push({ type: 'role', id: input.role.id });
            if (input.channel) targets.push({ type: 'channel', id: input.channel.id });
            if (input.user) targets.push({ type: 'user', id: input.user.id });
            if (targets.length === 0)
              refuse('target', 'Name what to exempt: -role @role, -channel #channel or -user @member.');
            if (scope === 'antinuke' && input.channel)
              refuse('target', 'The antinuke guard trusts roles and members, not channels.');
            for (const t of targets)
              setExemption(ctx.app.db, guildId, { scope, targetType: t.type, targetId: t.id }, input.remove !== true);
            rt().engine.invalidate(guildId);
            const names = targets.map((t) =>
              t.type === 'channel' ? `<#${t.id}>` : t.type === 'role' ? `<@&${t.id}>` : `<@${t.id}>`,
            );
            const where =
              scope === 'all' ? 'every rule' : scope === 'antinuke' ? 'the antinuke guard' : `rule #${scope}`;
            await ctx.reply({
              embeds: [
                successEmbed({
                  title: 'Automod Exemption',
                  description: `${names.join(', ')} ${input.remove ? 'no longer exempt from' : 'exempt from'} ${where}.`,
                }),
              ],
            });
          },
        }),
        defineCommand({
          name: 'raid',
          description: 'Raid mode: on, off or status',
          args: {
            state: arg.string({
              description: 'on, off or status',
              choices: [
                { name: 'on', value: 'on' },
                { name: 'off', value: 'off' },
                { name: 'status', value: 'status' },
              ],
              optional: true,
            }),
          },
          async run(ctx, { state }) {
            const guildId = ctx.guildId!;
            const raid = rt().raid;
            if (state === 'on') await raid.start(guildId, `Switched on by <@${ctx.user.id}>.`);
            else if (state === 'off') {
              if (!(await raid.end(guildId, `Switched off by <@${ctx.user.id}>.`)))
                refuse('raid-off', 'Raid mode is not on.');
            }
            await ctx.reply({
              embeds: [
                infoEmbed({
                  title: 'Raid Mode',
                  description: raid.active(guildId) ? 'Raid mode is **on**.' : 'Raid mode is off.',
                }),
              ],
            });
          },
        }),
      ],
    }),
  ];
}
