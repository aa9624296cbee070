/** The console's view of automod (`automod.rules`, `automod.enable`, `automod.disable`). */
import { z } from 'zod';
import { AdminError } from '#admin/admin-errors.ts';
import { defineAdminOp } from '#admin/define-op.ts';
import type { AutomodRuntime } from './automod-runtime.ts';
import { getRule, listAllRules, listRules, setRuleEnabled } from './rule-store.ts';

const guildId = z.string().regex(/^\d{17,20}$/, 'a guild id is 17–20 digits');

export function automodAdminOps(rt: () => AutomodRuntime | null) {
  const rulesOp = defineAdminOp({
    name: 'automod.rules',
    summary: 'Automod rules (optionally of one guild), with the reason a rule was switched off',
    role: 'viewer',
    audit: false,
    input: z.object({ guildId: guildId.optional() }).strict(),
    run: (ctx, input) =>
      (input.guildId ? listRules(ctx.db, input.guildId) : listAllRules(ctx.db)).map((r) => ({
        guildId: r.guildId,
        id: r.id,
        name: r.name,
        kind: r.config.kind,
        enabled: r.enabled,
        disabledReason: r.disabledReason,
        config: r.config,
        actions: r.actions,
      })),
  });
  const toggle = (enabled: boolean) =>
    defineAdminOp({
      name: enabled ? 'automod.enable' : 'automod.disable',
      summary: enabled ? 'Switch an automod rule back on' : 'Switch an automod rule off',
      role: 'operator',
      audit: true,
      input: z.object({ guildId, id: z.number().int().min(1) }).strict(),
      target: (input) => `${input.guildId}#${input.id}`,
      async run(ctx, input) {
        const rule = getRule(ctx.db, input.guildId, input.id);
        if (!rule) throw new AdminError('not-found', `no automod rule #${input.id} in guild ${input.guildId}`);
        const runtime = rt();
        if (enabled && rule.config.kind === 'regex' && runtime) {
          const v = await runtime.regex.validate(rule.config.pattern, rule.config.flags);
          if (!v.ok) throw new AdminError('invalid-input', `rule #${input.id} stays off: ${v.message}`);
        }
        setRuleEnabled(ctx.db, input.guildId, input.id, enabled, enabled ? null : 'switched off from the console');
        runtime?.engine.invalidate(input.guildId);
        return { id: rule.id, name: rule.name, enabled };
      },
    });
  return [rulesOp, toggle(true), toggle(false)];
}
