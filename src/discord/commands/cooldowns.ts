import { LRUCache } from 'lru-cache';
import type { CooldownSpec, RegisteredCommand } from './types.ts';

export function cooldownOf(cmd: RegisteredCommand): Required<CooldownSpec> | null {
  const c = cmd.def.cooldown;
  if (c === undefined) return null;
  const spec = typeof c === 'number' ? { seconds: c } : c;
  if (!(spec.seconds > 0)) return null;
  return { seconds: spec.seconds, scope: spec.scope ?? 'user' };
}

/** Per-command cooldowns, per user, channel or guild. In memory: a restart forgives them. */
export class Cooldowns {
  private readonly until = new LRUCache<string, number>({ max: 50_000 });

  /** Milliseconds left, or 0 after starting a new cooldown. */
  take(cmd: RegisteredCommand, ids: CooldownIds, now = Date.now()): number {
    const spec = cooldownOf(cmd);
    if (!spec) return 0;
    const key = keyOf(cmd, spec, ids);
    const until = this.until.get(key);
    if (until !== undefined && until > now) return until - now;
    this.until.set(key, now + spec.seconds * 1000, { ttl: spec.seconds * 1000 });
    return 0;
  }

  /** Gives back a cooldown that `take` just started: the command refused its input, so nothing was used up. */
  refund(cmd: RegisteredCommand, ids: CooldownIds): void {
    const spec = cooldownOf(cmd);
    if (spec) this.until.delete(keyOf(cmd, spec, ids));
  }
}

export interface CooldownIds {
  userId: string;
  channelId: string;
  guildId: string | null;
}

function keyOf(cmd: RegisteredCommand, spec: Required<CooldownSpec>, ids: CooldownIds): string {
  const scopeId =
    spec.scope === 'user' ? ids.userId : spec.scope === 'channel' ? ids.channelId : (ids.guildId ?? ids.userId);
  return `${cmd.qualifiedName}:${spec.scope}:${scopeId}`;
}
