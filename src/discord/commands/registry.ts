/**
 * The set of attached commands: looked up by name or alias (prefix) and by slash path. Modules add and remove
 * theirs as they are enabled and disabled; listeners (slash sync) hear about every change.
 */
import { CommandDefinitionError } from './define-command.ts';
import type { AnyCommand, RegisteredCommand } from './types.ts';

interface MutableRegistered extends RegisteredCommand {
  children: Map<string, RegisteredCommand>;
  childLookup: Map<string, RegisteredCommand>;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function registerTree(def: AnyCommand, module: string, parent: RegisteredCommand | null): RegisteredCommand {
  const qualifiedName = parent ? `${parent.qualifiedName} ${def.name}` : def.name;
  const node: MutableRegistered = {
    def,
    name: def.name,
    qualifiedName,
    module,
    category: def.category ?? parent?.category ?? capitalise(module),
    parent,
    children: new Map(),
    childLookup: new Map(),
    defaultRank: def.defaultRank ?? parent?.defaultRank ?? 0,
    guildOnly: def.guildOnly ?? parent?.guildOnly ?? false,
    ownerOnly: def.ownerOnly ?? parent?.ownerOnly ?? false,
    hidden: def.hidden ?? parent?.hidden ?? false,
    slash: (def.slash ?? true) && (parent?.slash ?? true),
    prefix: (def.prefix ?? true) && (parent?.prefix ?? true),
  };
  for (const sub of (def.subcommands ?? []) as AnyCommand[]) {
    const child = registerTree(sub, module, node);
    node.children.set(child.name, child);
    for (const n of [child.name, ...(sub.aliases ?? [])]) node.childLookup.set(n.toLowerCase(), child);
  }
  return node;
}

function depth(cmd: RegisteredCommand): number {
  let d = 0;
  for (const c of cmd.children.values()) d = Math.max(d, 1 + depth(c));
  return d;
}

export class CommandRegistry {
  private readonly top = new Map<string, RegisteredCommand>();
  private readonly lookup = new Map<string, RegisteredCommand>();
  private readonly listeners = new Set<() => void>();

  /** Adds a module's commands; returns the function that removes them. */
  add(module: string, defs: readonly AnyCommand[]): () => void {
    const added: RegisteredCommand[] = [];
    for (const def of defs) {
      if (def.defaultRank === undefined && !def.ownerOnly) {
        throw new CommandDefinitionError(`command "${def.name}" (module ${module}) must declare defaultRank`);
      }
      const cmd = registerTree(def, module, null);
      if (cmd.slash && depth(cmd) > 2) {
        throw new CommandDefinitionError(`command "${def.name}": slash commands nest at most two levels`);
      }
      for (const n of [def.name, ...(def.aliases ?? [])]) {
        const other = this.lookup.get(n);
        if (other && !added.includes(other)) {
          throw new CommandDefinitionError(
            `command name "${n}" of module ${module} is already used by "${other.name}" (module ${other.module})`,
          );
        }
      }
      added.push(cmd);
      this.top.set(cmd.name, cmd);
      for (const n of [def.name, ...(def.aliases ?? [])]) this.lookup.set(n.toLowerCase(), cmd);
    }
    this.changed();
    return () => {
      for (const cmd of added) {
        if (this.top.get(cmd.name) !== cmd) continue;
        this.top.delete(cmd.name);
        for (const n of [cmd.name, ...(cmd.def.aliases ?? [])]) {
          if (this.lookup.get(n.toLowerCase()) === cmd) this.lookup.delete(n.toLowerCase());
        }
      }
      this.changed();
    };
  }

  /** A top-level command by name or alias (case-insensitive). */
  get(name: string): RegisteredCommand | undefined {
    return this.lookup.get(name.toLowerCase());
  }

  /** Resolves "config ranks init" (names or aliases) to the deepest matching command. */
  resolve(path: string): RegisteredCommand | undefined {
    const words = path.trim().toLowerCase().split(/\s+/);
    let cmd: RegisteredCommand | undefined;
    for (const [i, w] of words.entries()) {
      cmd = i === 0 ? this.get(w) : cmd?.childLookup.get(w);
      if (!cmd) return undefined;
    }
    return cmd;
  }

  /** Top-level commands. */
  list(): RegisteredCommand[] {
    return [...this.top.values()];
  }

  /** Every command and subcommand, depth first. */
  all(): RegisteredCommand[] {
    const out: RegisteredCommand[] = [];
    const walk = (c: RegisteredCommand): void => {
      out.push(c);
      for (const child of c.children.values()) walk(child);
    };
    for (const c of this.top.values()) walk(c);
    return out;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
