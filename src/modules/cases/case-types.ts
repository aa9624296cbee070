/**
 * Case types are registered, not hard-coded: the cases store knows the core set, and any module can add its own
 * (Red's register_casetype). A type says how it is shown and which earlier active cases it closes (an UNBAN closes
 * the user's active BAN/TEMPBAN).
 */

export interface CaseTypeDefinition {
  /** Upper-case identifier stored on the case: "BAN", "WARN", "TICKETBAN". */
  name: string;
  /** Human label: "Ban", "Temporary ban". */
  label: string;
  /** Shown in case lists. */
  emoji: string;
  /** Whether the case puts a sanction on (added), lifts one (removed) or is neither (a note). */
  effect: 'added' | 'removed' | 'none';
  /** Active cases of these types for the same user are closed (made inactive) when this case is recorded. */
  closes?: readonly string[];
  /** The module that registered it ("cases" for the core set). */
  module: string;
}

export class CaseTypeError extends Error {
  override readonly name = 'CaseTypeError';
}

const NAME = /^[A-Z][A-Z0-9_]{1,31}$/;

export const CORE_CASE_TYPES: readonly CaseTypeDefinition[] = [
  { name: 'BAN', label: 'Ban', emoji: '🔨', effect: 'added', closes: ['TEMPBAN'], module: 'cases' },
  {
    name: 'UNBAN',
    label: 'Unban',
    emoji: '🔓',
    effect: 'removed',
    closes: ['BAN', 'TEMPBAN', 'HACKBAN'],
    module: 'cases',
  },
  { name: 'HACKBAN', label: 'Hackban', emoji: '🔨', effect: 'added', closes: ['TEMPBAN'], module: 'cases' },
  // A new ban replaces an earlier temporary one, so its expiry can no longer lift the ban.
  { name: 'TEMPBAN', label: 'Temporary ban', emoji: '⏳', effect: 'added', closes: ['TEMPBAN'], module: 'cases' },
  { name: 'KICK', label: 'Kick', emoji: '👢', effect: 'added', module: 'cases' },
  { name: 'TIMEOUT', label: 'Timeout', emoji: '🔇', effect: 'added', module: 'cases' },
  { name: 'UNTIMEOUT', label: 'Timeout removed', emoji: '🔊', effect: 'removed', closes: ['TIMEOUT'], module: 'cases' },
  { name: 'WARN', label: 'Warning', emoji: '⚠️', effect: 'added', module: 'cases' },
  { name: 'JAIL', label: 'Jail', emoji: '⛓️', effect: 'added', module: 'cases' },
  { name: 'UNJAIL', label: 'Unjail', emoji: '🗝️', effect: 'removed', closes: ['JAIL'], module: 'cases' },
  { name: 'SNIPPETBAN', label: 'Snippet ban', emoji: '📝', effect: 'added', module: 'cases' },
  {
    name: 'SNIPPETUNBAN',
    label: 'Snippet unban',
    emoji: '📝',
    effect: 'removed',
    closes: ['SNIPPETBAN'],
    module: 'cases',
  },
  { name: 'POLLBAN', label: 'Poll ban', emoji: '📊', effect: 'added', module: 'cases' },
  { name: 'POLLUNBAN', label: 'Poll unban', emoji: '📊', effect: 'removed', closes: ['POLLBAN'], module: 'cases' },
  { name: 'NOTE', label: 'Note', emoji: '🗒️', effect: 'none', module: 'cases' },
];

export class CaseTypeRegistry {
  private readonly types = new Map<string, CaseTypeDefinition>();

  constructor(initial: readonly CaseTypeDefinition[] = CORE_CASE_TYPES) {
    for (const def of initial) this.register(def);
  }

  /** Adds a type; returns the function that removes it again (for a module's teardown). */
  register(def: CaseTypeDefinition): () => void {
    if (!NAME.test(def.name)) {
      throw new CaseTypeError(`invalid case type name "${def.name}": use 2–32 upper-case letters, digits or _`);
    }
    const existing = this.types.get(def.name);
    if (existing) {
      throw new CaseTypeError(`case type ${def.name} is already registered by module "${existing.module}"`);
    }
    this.types.set(def.name, def);
    return () => {
      if (this.types.get(def.name) === def) this.types.delete(def.name);
    };
  }

  get(name: string): CaseTypeDefinition | undefined {
    return this.types.get(name.toUpperCase());
  }

  /** The definition, or a neutral one for a type whose module is gone (old cases stay readable). */
  describe(name: string): CaseTypeDefinition {
    return this.get(name) ?? { name, label: name, emoji: '❔', effect: 'none', module: 'unknown' };
  }

  has(name: string): boolean {
    return this.types.has(name.toUpperCase());
  }

  list(): CaseTypeDefinition[] {
    return [...this.types.values()];
  }

  names(): string[] {
    return [...this.types.keys()];
  }
}
