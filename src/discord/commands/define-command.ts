import type { OptionSpec, OptionsShape } from './options.ts';
import type { AnyCommand, CommandDefinition } from './types.ts';

export class CommandDefinitionError extends Error {
  override readonly name = 'CommandDefinitionError';
}

const NAME = /^[a-z0-9_-]{1,32}$/;
const FLAG_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

function fail(command: string, message: string): never {
  throw new CommandDefinitionError(`command "${command}": ${message}`);
}

function checkOption(command: string, name: string, spec: OptionSpec): void {
  if (!NAME.test(name)) fail(command, `option name "${name}" must be lower case, 1–32 of a-z 0-9 _ -`);
  if (!spec.description || spec.description.length > 100) {
    fail(command, `option "${name}" needs a description of 1–100 characters`);
  }
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
    fail(command, `option "${name}" has min > max`);
  }
  if (spec.choices && spec.choices.length > 25) fail(command, `option "${name}" has more than 25 choices`);
  if (spec.choices && spec.autocomplete) fail(command, `option "${name}" cannot have both choices and autocomplete`);
}

/**
 * Declares a command. Checked here, at import time, so a malformed definition fails fast with its name rather than
 * when Discord rejects the registration.
 */
export function defineCommand<
  A extends OptionsShape = Record<never, never>,
  F extends OptionsShape = Record<never, never>,
>(def: CommandDefinition<A, F>): CommandDefinition<A, F> {
  const name = def.name;
  if (!NAME.test(name)) fail(name, 'the name must be lower case, 1–32 of a-z 0-9 _ -');
  if (!def.description || def.description.length > 100) fail(name, 'needs a description of 1–100 characters');
  for (const alias of def.aliases ?? []) {
    if (!NAME.test(alias)) fail(name, `alias "${alias}" must be lower case, 1–32 of a-z 0-9 _ -`);
  }
  if (
    def.defaultRank !== undefined &&
    (!Number.isInteger(def.defaultRank) || def.defaultRank < 0 || def.defaultRank > 10)
  ) {
    fail(name, 'defaultRank must be an integer 0–10');
  }
  const args = Object.entries(def.args ?? {});
  const flags = Object.entries(def.flags ?? {});
  let seenOptional = false;
  args.forEach(([argName, spec], i) => {
    checkOption(name, argName, spec);
    if (spec.role !== 'arg') fail(name, `"${argName}" is a flag; declare it under flags`);
    if (spec.kind === 'text' && i !== args.length - 1) fail(name, `rest-of-line argument "${argName}" must be last`);
    if (spec.optional || spec.default !== undefined) seenOptional = true;
    else if (seenOptional) fail(name, `required argument "${argName}" follows an optional one`);
  });
  const flagNames = new Set<string>();
  for (const [argName, spec] of args) {
    for (const n of spec.asFlag ?? []) {
      if (!FLAG_NAME.test(n)) fail(name, `flag name "${n}" of argument "${argName}" must start with a letter`);
      if (flagNames.has(n)) fail(name, `flag name "${n}" is used twice`);
      flagNames.add(n);
    }
  }
  for (const [flagName, spec] of flags) {
    checkOption(name, flagName, spec);
    if (spec.role !== 'flag') fail(name, `"${flagName}" is an argument; declare it under args`);
    if (def.args && flagName in def.args) fail(name, `"${flagName}" is both an argument and a flag`);
    for (const n of [flagName, ...(spec.aliases ?? [])]) {
      if (!FLAG_NAME.test(n)) fail(name, `flag name "${n}" must start with a letter`);
      if (flagNames.has(n)) fail(name, `flag name "${n}" is used twice`);
      flagNames.add(n);
    }
  }
  if (args.length + flags.length > 25) fail(name, 'has more than 25 options');
  if (def.subcommands?.length) {
    const subs = def.subcommands as AnyCommand[];
    if ((args.length || flags.length) && !def.run) fail(name, 'options without run() would never be read');
    const seen = new Set<string>();
    for (const sub of subs) {
      for (const n of [sub.name, ...(sub.aliases ?? [])]) {
        if (seen.has(n)) fail(name, `subcommand name "${n}" is used twice`);
        seen.add(n);
      }
    }
    checkSlashDefault(def, subs, args.length + flags.length > 0);
  } else if (!def.run) {
    fail(name, 'needs run() or subcommands');
  } else if (def.slashDefault) {
    fail(name, 'slashDefault is only for a command with subcommands');
  }
  return def;
}

/** The slash subcommand that stands for a parent's own run; see CommandDefinition.slashDefault. */
function checkSlashDefault(def: AnyCommand, subs: readonly AnyCommand[], hasOptions: boolean): void {
  const name = def.name;
  const slashDefault = def.slashDefault;
  if (!slashDefault) {
    if (hasOptions && def.slash !== false) {
      fail(
        name,
        'runs on its own with options beside subcommands: declare slashDefault { name } for its slash form, or slash: false',
      );
    }
    return;
  }
  if (!def.run) fail(name, 'slashDefault needs run()');
  if (!NAME.test(slashDefault.name))
    fail(name, `slashDefault name "${slashDefault.name}" must be lower case, 1–32 of a-z 0-9 _ -`);
  if (subs.some((s) => s.name === slashDefault.name)) {
    fail(name, `slashDefault name "${slashDefault.name}" is also a subcommand's name`);
  }
  if (slashDefault.description !== undefined && (!slashDefault.description || slashDefault.description.length > 100)) {
    fail(name, 'slashDefault needs a description of 1–100 characters');
  }
  if (subs.length + 1 > 25) fail(name, 'has more than 25 subcommands with its slashDefault');
}
