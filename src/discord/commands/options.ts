/**
 * Typed argument and flag builders. `arg.*` are positional (required unless `optional: true` or a default is given);
 * `flag.*` are named (`-name value`; optional unless `required: true`). The value type a command's `run` receives
 * is inferred from these declarations.
 */
import type { ChannelType, GuildBasedChannel, GuildMember, Role, User } from 'discord.js';
import type { CommandAttachment } from './attachment.ts';
import type { AutocompleteContext } from './types.ts';

export type ValueKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'user'
  | 'member'
  | 'channel'
  | 'role'
  | 'duration'
  | 'text'
  | 'attachment';

export interface Choice<V extends string | number = string | number> {
  name: string;
  value: V;
}

export type AutocompleteFn = (
  ctx: AutocompleteContext,
  typed: string,
) => readonly Choice[] | Promise<readonly Choice[]>;

/** One declared option (positional argument or flag). `T` is the value type, `Opt` whether it may be undefined. */
export interface OptionSpec<T = unknown, Opt extends boolean = boolean> {
  readonly role: 'arg' | 'flag';
  readonly kind: ValueKind;
  readonly description: string;
  /** True when the user may leave it out. */
  readonly optional: boolean;
  readonly default?: T;
  readonly choices?: readonly Choice[];
  /** Numbers: value bounds. Strings and text: length bounds. Durations: milliseconds. */
  readonly min?: number;
  readonly max?: number;
  readonly autocomplete?: AutocompleteFn;
  readonly channelTypes?: readonly ChannelType[];
  /** Strip "-r ", "--reason " and similar from the start (Tux reason cleaning). */
  readonly cleanReason?: boolean;
  /** Flags only: other names ("-p" for "-purge"). */
  readonly aliases?: readonly string[];
  /**
   * Arguments only: also accepted as a flag under these names (`-duration 1h` as well as the bare word). When the
   * flag is given, the words in front of the flags skip this argument.
   */
  readonly asFlag?: readonly string[];
  /** Shown in usage lines instead of the name (`@member` for an argument named "target"). */
  readonly usageName?: string;
  /** Type carriers for inference; never set at run time. */
  readonly __type?: T;
  readonly __optional?: Opt;
}

type ChoiceInput<V> = V | Choice<V & (string | number)>;

interface BaseOptions<T> {
  description: string;
  default?: T;
}
interface ArgPresence {
  optional?: boolean;
  asFlag?: readonly string[];
  usageName?: string;
}
interface FlagPresence {
  required?: boolean;
  aliases?: readonly string[];
}
interface StringExtras<V extends string> {
  choices?: readonly ChoiceInput<V>[];
  min?: number;
  max?: number;
  autocomplete?: AutocompleteFn;
}
interface NumberExtras<V extends number> {
  choices?: readonly ChoiceInput<V>[];
  min?: number;
  max?: number;
  autocomplete?: AutocompleteFn;
}
interface DurationExtras {
  /** Bounds in milliseconds. */
  min?: number;
  max?: number;
}
interface ChannelExtras {
  channelTypes?: readonly ChannelType[];
}

type ChoiceOf<O, T> = O extends { choices: readonly (infer C)[] } ? (C extends { value: infer V } ? V : C) : T;
type ArgOptional<O> = O extends { default: unknown } ? false : O extends { optional: true } ? true : false;
type FlagOptional<O> = O extends { default: unknown } ? false : O extends { required: true } ? false : true;

function normaliseChoices(choices: readonly unknown[] | undefined): Choice[] | undefined {
  if (!choices) return undefined;
  return choices.map((c) =>
    typeof c === 'object' && c !== null ? (c as Choice) : { name: String(c), value: c as string | number },
  );
}

function build<T, O extends object>(role: 'arg' | 'flag', kind: ValueKind, o: O): OptionSpec<T> {
  const opts = o as Record<string, unknown>;
  const optional =
    opts.default !== undefined ? false : role === 'arg' ? opts.optional === true : opts.required !== true;
  const spec: Record<string, unknown> = { ...opts, role, kind, optional };
  delete spec.required;
  const choices = normaliseChoices(opts.choices as unknown[] | undefined);
  if (choices) spec.choices = choices;
  else delete spec.choices;
  return spec as unknown as OptionSpec<T>;
}

type ArgOpts<T> = BaseOptions<T> & ArgPresence;
type FlagOpts<T> = BaseOptions<T> & FlagPresence;

/** Positional arguments, in declaration order. */
export const arg = {
  string: <const O extends ArgOpts<string> & StringExtras<string>>(o: O) =>
    build('arg', 'string', o) as OptionSpec<ChoiceOf<O, string>, ArgOptional<O>>,
  integer: <const O extends ArgOpts<number> & NumberExtras<number>>(o: O) =>
    build('arg', 'integer', o) as OptionSpec<ChoiceOf<O, number>, ArgOptional<O>>,
  number: <const O extends ArgOpts<number> & NumberExtras<number>>(o: O) =>
    build('arg', 'number', o) as OptionSpec<ChoiceOf<O, number>, ArgOptional<O>>,
  boolean: <const O extends ArgOpts<boolean>>(o: O) =>
    build('arg', 'boolean', o) as OptionSpec<boolean, ArgOptional<O>>,
  user: <const O extends ArgOpts<never>>(o: O) => build('arg', 'user', o) as OptionSpec<User, ArgOptional<O>>,
  member: <const O extends ArgOpts<never>>(o: O) =>
    build('arg', 'member', o) as OptionSpec<GuildMember, ArgOptional<O>>,
  channel: <const O extends ArgOpts<never> & ChannelExtras>(o: O) =>
    build('arg', 'channel', o) as OptionSpec<GuildBasedChannel, ArgOptional<O>>,
  role: <const O extends ArgOpts<never>>(o: O) => build('arg', 'role', o) as OptionSpec<Role, ArgOptional<O>>,
  /** A duration ("1h30m"), delivered in milliseconds. */
  duration: <const O extends ArgOpts<number> & DurationExtras>(o: O) =>
    build('arg', 'duration', o) as OptionSpec<number, ArgOptional<O>>,
  /** The rest of the line (must be the last argument). */
  text: <const O extends ArgOpts<string> & { min?: number; max?: number; autocomplete?: AutocompleteFn }>(o: O) =>
    build('arg', 'text', o) as OptionSpec<string, ArgOptional<O>>,
  /**
   * A file. By slash it is the command's attachment option; by prefix, the message's attached files fill the
   * attachment arguments in order (no word is taken from the text).
   */
  attachment: <const O extends ArgOpts<never>>(o: O) =>
    build('arg', 'attachment', o) as OptionSpec<CommandAttachment, ArgOptional<O>>,
  /** A moderation reason: rest of the line, cleaned of "-r "/"--reason ", default "No reason provided". */
  reason: <const O extends Partial<BaseOptions<string>> & { max?: number }>(o?: O) =>
    build('arg', 'text', {
      description: 'Reason',
      default: 'No reason provided',
      max: 512,
      ...o,
      cleanReason: true,
    }) as OptionSpec<string, false>,
};

/** Named flags: `-name value`, a bare `-name` for booleans. */
export const flag = {
  string: <const O extends FlagOpts<string> & StringExtras<string>>(o: O) =>
    build('flag', 'string', o) as OptionSpec<ChoiceOf<O, string>, FlagOptional<O>>,
  integer: <const O extends FlagOpts<number> & NumberExtras<number>>(o: O) =>
    build('flag', 'integer', o) as OptionSpec<ChoiceOf<O, number>, FlagOptional<O>>,
  number: <const O extends FlagOpts<number> & NumberExtras<number>>(o: O) =>
    build('flag', 'number', o) as OptionSpec<ChoiceOf<O, number>, FlagOptional<O>>,
  /** A bare `-silent` means true; `-silent false` is accepted too. Defaults to false. */
  boolean: <const O extends Omit<FlagOpts<boolean>, 'required'>>(o: O) =>
    build('flag', 'boolean', { default: false, ...o }) as OptionSpec<boolean, false>,
  user: <const O extends FlagOpts<never>>(o: O) => build('flag', 'user', o) as OptionSpec<User, FlagOptional<O>>,
  member: <const O extends FlagOpts<never>>(o: O) =>
    build('flag', 'member', o) as OptionSpec<GuildMember, FlagOptional<O>>,
  channel: <const O extends FlagOpts<never> & ChannelExtras>(o: O) =>
    build('flag', 'channel', o) as OptionSpec<GuildBasedChannel, FlagOptional<O>>,
  role: <const O extends FlagOpts<never>>(o: O) => build('flag', 'role', o) as OptionSpec<Role, FlagOptional<O>>,
  duration: <const O extends FlagOpts<number> & DurationExtras>(o: O) =>
    build('flag', 'duration', o) as OptionSpec<number, FlagOptional<O>>,
};

export type OptionsShape = Record<string, OptionSpec>;

export type ValueOf<S> = S extends OptionSpec<infer T, infer Opt> ? (Opt extends true ? T | undefined : T) : never;

/** What `run` receives: every argument and flag by name. */
export type InputOf<A extends OptionsShape, F extends OptionsShape> = { [K in keyof A]: ValueOf<A[K]> } & {
  [K in keyof F]: ValueOf<F[K]>;
};
