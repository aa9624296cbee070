/**
 * Usage strings in Tux's style, derived from the declaration: required positionals `<name>` (members `@member`,
 * channels `#channel`), optional `[name]`, required flags `-name`, optional flags `[-a | -b]`.
 * e.g. `ban @member [reason] [-purge | -silent]`. The slash form lists options as Discord shows them:
 * `timeout target:<target> duration:<duration> [reason] [silent]`. A file argument reads `<image:file>`.
 */
import { formatDuration } from '#core/time/duration.ts';
import type { OptionSpec, OptionsShape } from './options.ts';
import { isSlashRequired } from './slash-json.ts';
import type { AnyCommand } from './types.ts';

function argToken(argName: string, spec: OptionSpec): string {
  const name = spec.usageName ?? argName;
  let shown = name;
  if (spec.kind === 'member' || spec.kind === 'user') shown = `@${name}`;
  else if (spec.kind === 'channel') shown = `#${name}`;
  else if (spec.kind === 'role') shown = `@${name}`;
  else if (spec.kind === 'attachment') return spec.optional ? `[${name}:file]` : `<${name}:file>`;
  const special = shown !== name;
  if (spec.optional || spec.default !== undefined) return `[${shown}]`;
  return special ? shown : `<${shown}>`;
}

/** The command's own arguments and flags after `path`: "ban @member [reason] [-purge | -silent]". */
export function ownUsage(path: string, def: AnyCommand): string {
  const parts = [path];
  const args = Object.entries((def.args ?? {}) as OptionsShape);
  for (const [name, spec] of args) parts.push(argToken(name, spec));
  const flags = Object.entries((def.flags ?? {}) as OptionsShape);
  const required = flags.filter(([, s]) => !s.optional && s.default === undefined);
  const optional = flags.filter(([, s]) => s.optional || s.default !== undefined);
  for (const [name] of required) parts.push(`-${name}`);
  if (optional.length) parts.push(`[${optional.map(([n]) => `-${n}`).join(' | ')}]`);
  return parts.join(' ');
}

/**
 * The slash form of a command's own options after `path` (which names the slash subcommand, e.g. "cases show"):
 * required options first as `name:<name>`, then optional ones as `[name]`, in the order Discord lists them.
 */
export function slashUsage(path: string, def: AnyCommand): string {
  const options = [
    ...Object.entries((def.args ?? {}) as OptionsShape),
    ...Object.entries((def.flags ?? {}) as OptionsShape),
  ];
  const required = options.filter(([, s]) => isSlashRequired(s)).map(([n]) => `${n}:<${n}>`);
  const optional = options.filter(([, s]) => !isSlashRequired(s)).map(([n]) => `[${n}]`);
  return [path, ...required, ...optional].join(' ');
}

function hasOwnOptions(def: AnyCommand): boolean {
  return Object.keys(def.args ?? {}).length + Object.keys(def.flags ?? {}).length > 0;
}

function subcommandList(def: AnyCommand): string {
  return (def.subcommands as AnyCommand[]).map((s) => s.name).join(' | ');
}

/**
 * The usage of what `path` alone runs, for a command path like "ban" or "config ranks init": its arguments and
 * flags; `<a | b>` for a group that needs a subcommand; `[a | b]` for one that also runs bare.
 */
export function usageOf(path: string, def: AnyCommand): string {
  if (!def.subcommands?.length || (def.run && hasOwnOptions(def))) return ownUsage(path, def);
  return def.run ? `${path} [${subcommandList(def)}]` : `${path} <${subcommandList(def)}>`;
}

/** Every prefix form: a command with subcommands that takes its own input has two ("cases [case]", "cases <view | …>"). */
export function usageLines(path: string, def: AnyCommand): string[] {
  if (def.subcommands?.length && def.run && hasOwnOptions(def)) {
    return [ownUsage(path, def), `${path} <${subcommandList(def)}>`];
  }
  return [usageOf(path, def)];
}

function describeDefault(spec: OptionSpec): string | null {
  if (spec.default === undefined) return null;
  if (spec.kind === 'duration' && typeof spec.default === 'number') return formatDuration(spec.default);
  return String(spec.default);
}

/** One line per flag: "-purge (-p) – Days of messages to delete. Default: 0". */
export function flagLines(def: AnyCommand): string[] {
  return Object.entries((def.flags ?? {}) as OptionsShape).map(([name, spec]) => {
    const aliases = spec.aliases?.length ? ` (${spec.aliases.map((a) => `-${a}`).join(', ')})` : '';
    const required = !spec.optional && spec.default === undefined ? ' **required**' : '';
    const def = describeDefault(spec);
    const choices = spec.choices ? ` One of: ${spec.choices.map((c) => `\`${c.value}\``).join(', ')}.` : '';
    return `\`-${name}\`${aliases}${required} – ${spec.description}${choices}${def !== null && spec.kind !== 'boolean' ? ` Default: ${def}` : ''}`;
  });
}

/** One line per positional argument. */
export function argLines(def: AnyCommand): string[] {
  return Object.entries((def.args ?? {}) as OptionsShape).map(([name, spec]) => {
    const optional = spec.optional || spec.default !== undefined ? ' (optional)' : '';
    const d = describeDefault(spec);
    const choices = spec.choices ? ` One of: ${spec.choices.map((c) => `\`${c.value}\``).join(', ')}.` : '';
    const asFlag = spec.asFlag?.length ? ` (or the flag ${spec.asFlag.map((f) => `\`-${f}\``).join(', ')})` : '';
    const file = spec.kind === 'attachment' ? ' (a file: attach it to the message; by slash, upload it)' : '';
    return `\`${name}\`${optional} – ${spec.description}${choices}${d !== null ? ` Default: ${d}` : ''}${asFlag}${file}`;
  });
}
