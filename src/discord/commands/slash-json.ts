/**
 * Slash command JSON derived from a command definition. Flags become options named after the flag; required
 * options go first (Discord requires it). Durations and rest-of-line text are strings; members are user options.
 * A command with subcommands that runs on its own gets its slashDefault subcommand first.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { OptionSpec, OptionsShape } from './options.ts';
import type { AnyCommand, RegisteredCommand } from './types.ts';

const TYPE: Record<OptionSpec['kind'], ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  text: ApplicationCommandOptionType.String,
  duration: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  member: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
  role: ApplicationCommandOptionType.Role,
  attachment: ApplicationCommandOptionType.Attachment,
};

/** Whether Discord asks for the option: a value with no default (a boolean flag is never required). */
export function isSlashRequired(spec: OptionSpec): boolean {
  return !spec.optional && spec.default === undefined && !(spec.role === 'flag' && spec.kind === 'boolean');
}

function optionJSON(name: string, spec: OptionSpec): APIApplicationCommandBasicOption {
  const type = TYPE[spec.kind];
  const o: Record<string, unknown> = {
    type,
    name,
    description: spec.description.slice(0, 100),
    required: isSlashRequired(spec),
  };
  if (spec.choices) o.choices = spec.choices.map((c) => ({ name: c.name.slice(0, 100), value: c.value }));
  if (spec.autocomplete) o.autocomplete = true;
  if (type === ApplicationCommandOptionType.Integer || type === ApplicationCommandOptionType.Number) {
    if (spec.min !== undefined) o.min_value = spec.min;
    if (spec.max !== undefined) o.max_value = spec.max;
  }
  if ((spec.kind === 'string' || spec.kind === 'text') && !spec.choices) {
    if (spec.min !== undefined) o.min_length = Math.max(0, Math.min(6000, spec.min));
    if (spec.max !== undefined) o.max_length = Math.max(1, Math.min(6000, spec.max));
  }
  if (spec.channelTypes) o.channel_types = [...spec.channelTypes];
  return o as unknown as APIApplicationCommandBasicOption;
}

function leafOptions(def: AnyCommand): APIApplicationCommandBasicOption[] {
  const all = [
    ...Object.entries((def.args ?? {}) as OptionsShape),
    ...Object.entries((def.flags ?? {}) as OptionsShape),
  ].map(([n, s]) => optionJSON(n, s));
  return [...all.filter((o) => o.required), ...all.filter((o) => !o.required)];
}

function childOptions(cmd: RegisteredCommand): APIApplicationCommandOption[] {
  const out: APIApplicationCommandOption[] = [];
  const own = cmd.def.slashDefault;
  if (own && cmd.def.run) {
    // Discord allows no options beside subcommands, so the command's own form is a subcommand of its own.
    out.push({
      type: ApplicationCommandOptionType.Subcommand,
      name: own.name,
      description: own.description ?? cmd.def.description,
      options: leafOptions(cmd.def),
    });
  }
  for (const child of cmd.children.values()) {
    if (!child.slash) continue;
    if (child.children.size > 0) {
      out.push({
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: child.name,
        description: child.def.description,
        options: childOptions(child) as never,
      });
    } else {
      out.push({
        type: ApplicationCommandOptionType.Subcommand,
        name: child.name,
        description: child.def.description,
        options: leafOptions(child.def),
      });
    }
  }
  return out;
}

export function toSlashJSON(cmd: RegisteredCommand): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const options = cmd.children.size > 0 ? childOptions(cmd) : leafOptions(cmd.def);
  return {
    type: ApplicationCommandType.ChatInput,
    name: cmd.name,
    description: cmd.def.description,
    options,
    contexts: cmd.guildOnly
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
}
