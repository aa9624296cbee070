/**
 * Turns the text after a prefix command's name into raw values per declared option (pure; conversion to users,
 * roles, numbers happens in convert.ts). Tux rules: positional arguments come first and the text before the first
 * flag belongs to them; `-name value` flags follow (value = words up to the next flag); a bare boolean flag is true.
 */
import { isBooleanWord } from './boolean-words.ts';
import { ArgumentError } from './errors.ts';
import type { OptionSpec, OptionsShape } from './options.ts';
import { type Token, tokenize } from './tokenize.ts';

/** A raw value: the text the user typed for it, or `true` for a bare boolean flag. */
export type RawValue = string | true;

export interface RawInput {
  args: Map<string, RawValue>;
  flags: Map<string, RawValue>;
}

const FLAG_TOKEN = /^--?([a-z][a-z0-9_-]*)$/i;
const REASON_PREFIX = /^(?:--?|\?|!)(?:r|reason)\s+/i;

/** Tux reason cleaning: "-r spam" / "--reason spam" / "?r spam" -> "spam". */
export function cleanReason(text: string): string {
  return text.replace(REASON_PREFIX, '').trim();
}

/** Flag name or alias (lower case) -> the option it sets: every flag, and every argument that is also a flag. */
export function flagLookup(flags: OptionsShape, args: OptionsShape = {}): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [name, spec] of Object.entries(flags)) {
    lookup.set(name.toLowerCase(), name);
    for (const alias of spec.aliases ?? []) lookup.set(alias.toLowerCase(), name);
  }
  for (const [name, spec] of Object.entries(args)) {
    for (const alias of spec.asFlag ?? []) lookup.set(alias.toLowerCase(), name);
  }
  return lookup;
}

function joinTokens(source: string, tokens: Token[]): string {
  if (tokens.length === 1) return tokens[0]!.value;
  return source.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

/** Options an argument of this kind would accept as a token; used to skip an optional argument. */
export type TokenProbe = (spec: OptionSpec, token: string) => boolean;

export function parsePrefixInput(
  source: string,
  args: OptionsShape,
  flags: OptionsShape,
  probe: TokenProbe = () => true,
): RawInput {
  const tokens = tokenize(source);
  const lookup = flagLookup(flags, args);
  const flagAt = (t: Token): string | undefined => {
    if (t.quoted) return undefined;
    const m = FLAG_TOKEN.exec(t.value);
    return m ? lookup.get(m[1]!.toLowerCase()) : undefined;
  };
  let firstFlag = tokens.findIndex((t) => flagAt(t) !== undefined);
  if (firstFlag === -1) firstFlag = tokens.length;

  // Arguments given as flags ("-duration 1h") take no positional word.
  const givenAsFlag = new Set(
    tokens
      .slice(firstFlag)
      .map(flagAt)
      .filter((n): n is string => n !== undefined && n in args),
  );

  // Positional section.
  const positional = tokens.slice(0, firstFlag);
  const rawArgs = new Map<string, RawValue>();
  // Attachment arguments take the message's files, never a word.
  const argEntries = Object.entries(args).filter(
    ([name, spec]) => !givenAsFlag.has(name) && spec.kind !== 'attachment',
  );
  let p = 0;
  for (let i = 0; i < argEntries.length; i++) {
    const [name, spec] = argEntries[i]!;
    if (p >= positional.length) break;
    if (spec.kind === 'text') {
      let text = joinTokens(source, positional.slice(p));
      if (spec.cleanReason) text = cleanReason(text);
      if (text !== '') rawArgs.set(name, text);
      p = positional.length;
      break;
    }
    const token = positional[p]!;
    // An optional argument that cannot take this word is skipped, so the word goes to the next argument.
    const remaining = argEntries.length - i - 1;
    if (spec.optional && remaining > 0 && !probe(spec, token.value)) continue;
    rawArgs.set(name, token.value);
    p++;
  }
  if (p < positional.length) {
    const extra = positional[p]!;
    if (!extra.quoted && /^--?[a-z]/i.test(extra.value)) {
      const known = [...Object.values(args).flatMap((spec) => spec.asFlag?.slice(0, 1) ?? []), ...Object.keys(flags)]
        .map((f) => `-${f}`)
        .join(', ');
      throw new ArgumentError(
        'argument.unknown_flag',
        `Unknown flag \`${extra.value}\`.${known ? ` Flags: ${known}.` : ' This command has no flags.'}`,
        { flag: extra.value },
      );
    }
    throw new ArgumentError(
      'argument.too_many',
      `Too many arguments: \`${joinTokens(source, positional.slice(p)).slice(0, 50)}\` is not expected.`,
      { extra: extra.value },
    );
  }

  // Flag section.
  const rawFlags = new Map<string, RawValue>();
  let i = firstFlag;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const name = flagAt(token);
    if (name === undefined) {
      // Only reachable after a boolean flag that took no value.
      throw new ArgumentError(
        'argument.unexpected_text',
        `\`${token.value.slice(0, 50)}\` is not expected here: write the text before the flags.`,
        { text: token.value },
      );
    }
    const isArg = name in args;
    const target = isArg ? rawArgs : rawFlags;
    if (target.has(name)) {
      throw new ArgumentError('argument.duplicate_flag', `Flag \`-${name}\` is given twice. Give it once.`, {
        flag: name,
      });
    }
    const spec = isArg ? args[name]! : flags[name]!;
    let j = i + 1;
    while (j < tokens.length && flagAt(tokens[j]!) === undefined) j++;
    const valueTokens = tokens.slice(i + 1, j);
    if (spec.kind === 'boolean') {
      // "-silent", "-silent yes"; a single other word is its value too, so "-silent maybe" says why it is wrong.
      const first = valueTokens[0];
      if (first && (isBooleanWord(first.value) || valueTokens.length === 1)) {
        target.set(name, first.value);
        i += 2;
      } else {
        target.set(name, true);
        i += 1;
      }
      continue;
    }
    if (valueTokens.length === 0) {
      throw new ArgumentError(
        'argument.flag_value_missing',
        `Flag \`-${name}\` needs a value: \`-${name} <${spec.kind}>\`.`,
        {
          flag: name,
        },
      );
    }
    let text = joinTokens(source, valueTokens);
    if (spec.cleanReason) text = cleanReason(text);
    target.set(name, text);
    i = j;
  }
  return { args: rawArgs, flags: rawFlags };
}
