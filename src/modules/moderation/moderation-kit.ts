import { UserError } from '#discord/commands/errors.ts';
import type { CaseTypeRegistry } from '#modules/cases/case-types.ts';
import type { ModerationDeps } from './moderation-types.ts';

/**
 * What the moderation commands share: the case types (known when the module is built) and the pipeline's
 * dependencies (known once the module is set up).
 */
export interface ModerationKit {
  types: CaseTypeRegistry;
  deps(): ModerationDeps;
}

export function createModerationKit(types: CaseTypeRegistry): ModerationKit & { set(d: ModerationDeps | null): void } {
  let current: ModerationDeps | null = null;
  return {
    types,
    deps() {
      if (!current) throw new UserError('moderation.not-ready', 'Moderation is starting up. Try again in a moment.');
      return current;
    },
    set(d) {
      current = d;
    },
  };
}
