/**
 * Which registered command an invocation names. By prefix a word that names a subcommand (or alias) descends into
 * it; any other word is the current command's input, so a parent with its own `run` takes `$cases 5` itself. By
 * slash the parent's own run is the subcommand named by its `slashDefault`.
 */
import type { RegisteredCommand } from './types.ts';

export interface PrefixRoute {
  command: RegisteredCommand;
  /** The text after the last command word: the command's arguments and flags. */
  rest: string;
}

/** Follows subcommand words from a top-level command; a quoted word is never a subcommand. */
export function routePrefix(top: RegisteredCommand, remainder: string): PrefixRoute {
  let command = top;
  let rest = remainder;
  for (;;) {
    if (command.children.size === 0) break;
    const m = /^\s*(\S+)/.exec(rest);
    const child = m ? command.childLookup.get(m[1]!.toLowerCase()) : undefined;
    if (!m || !child?.prefix) break;
    command = child;
    rest = rest.slice(m[0].length);
  }
  return { command, rest };
}

/** The command a slash invocation names: group and subcommand, where a parent's slashDefault is the parent. */
export function routeSlash(
  top: RegisteredCommand,
  group: string | null,
  subcommand: string | null,
): RegisteredCommand | undefined {
  let cmd: RegisteredCommand | undefined = top;
  if (group) cmd = cmd.children.get(group);
  if (subcommand && cmd) {
    const child = cmd.children.get(subcommand);
    if (child) return child.slash ? child : undefined;
    return cmd.def.slashDefault?.name === subcommand ? cmd : undefined;
  }
  return cmd;
}

/** The slash path that runs a command's own form: "cases show" for a parent with slashDefault, else its name. */
export function slashPathOf(cmd: RegisteredCommand): string {
  const own = cmd.children.size > 0 ? cmd.def.slashDefault?.name : undefined;
  return own ? `${cmd.qualifiedName} ${own}` : cmd.qualifiedName;
}
