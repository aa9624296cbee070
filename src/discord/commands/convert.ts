/**
 * Converts raw text (from a prefix message) into typed values, and checks bounds and choices for both faces.
 * Lookups of users, members, channels and roles go through an EntityResolver so the parser stays testable.
 */
import type { GuildBasedChannel, GuildMember, Role, User } from 'discord.js';
import { DurationError, parseDuration, tryParseDuration } from '#core/time/duration.ts';
import type { CommandAttachment } from './attachment.ts';
import { booleanFromWord, isBooleanWord } from './boolean-words.ts';
import { ArgumentError } from './errors.ts';
import type { OptionSpec, OptionsShape } from './options.ts';
import type { RawInput, RawValue } from './prefix-parser.ts';

export interface EntityResolver {
  user(id: string): Promise<User | null>;
  /** By id, mention or name (username, display name, nickname). */
  member(query: string): Promise<GuildMember | null>;
  channel(query: string): Promise<GuildBasedChannel | null>;
  role(query: string): Promise<Role | null>;
}

const SNOWFLAKE = /^\d{17,20}$/;

/** The id in `<@123>`, `<@!123>`, `<#123>`, `<@&123>` or a bare id; null otherwise. */
export function idFromMention(text: string, kind: 'user' | 'channel' | 'role'): string | null {
  const trimmed = text.trim();
  if (SNOWFLAKE.test(trimmed)) return trimmed;
  const pattern =
    kind === 'user' ? /^<@!?(\d{17,20})>$/ : kind === 'channel' ? /^<#(\d{17,20})>$/ : /^<@&(\d{17,20})>$/;
  return pattern.exec(trimmed)?.[1] ?? null;
}

/** Whether a word could be a value of this option (used to skip optional arguments that cannot take it). */
export function probeToken(spec: OptionSpec, token: string): boolean {
  switch (spec.kind) {
    case 'integer':
      return /^[-+]?\d+$/.test(token);
    case 'number':
      return /^[-+]?\d+(?:[.,]\d+)?$/.test(token);
    case 'boolean':
      return isBooleanWord(token);
    case 'duration':
      return tryParseDuration(token, spec.min === undefined ? {} : { min: 0 }) !== null;
    case 'user':
    case 'member':
      return idFromMention(token, 'user') !== null;
    case 'channel':
      return idFromMention(token, 'channel') !== null;
    case 'role':
      return idFromMention(token, 'role') !== null;
    case 'attachment':
      return false;
    default:
      return spec.choices ? matchChoice(spec, token) !== undefined : true;
  }
}

function label(name: string, spec: OptionSpec): string {
  return spec.role === 'flag' ? `-${name}` : name;
}

function matchChoice(spec: OptionSpec, text: string): string | number | undefined {
  const lower = text.toLowerCase();
  const hit = spec.choices?.find((c) => String(c.value).toLowerCase() === lower || c.name.toLowerCase() === lower);
  return hit?.value;
}

/** Checks choices and bounds of an already typed value (slash values arrive typed). */
export function checkValue(name: string, spec: OptionSpec, value: unknown): unknown {
  const what = `\`${label(name, spec)}\``;
  if (spec.choices && (typeof value === 'string' || typeof value === 'number')) {
    const hit = matchChoice(spec, String(value));
    if (hit === undefined) {
      const list = spec.choices.map((c) => `\`${c.value}\``).join(', ');
      throw new ArgumentError('argument.invalid_choice', `${what} must be one of ${list}.`, { arg: name });
    }
    return hit;
  }
  if (typeof value === 'number' && spec.kind !== 'duration') {
    if (spec.min !== undefined && value < spec.min) {
      throw new ArgumentError('argument.too_small', `${what} must be at least ${spec.min}.`, { arg: name });
    }
    if (spec.max !== undefined && value > spec.max) {
      throw new ArgumentError('argument.too_large', `${what} must be at most ${spec.max}.`, { arg: name });
    }
  }
  if (typeof value === 'string') {
    if (spec.min !== undefined && value.length < spec.min) {
      throw new ArgumentError('argument.too_short', `${what} must be at least ${spec.min} characters.`, { arg: name });
    }
    if (spec.max !== undefined && value.length > spec.max) {
      throw new ArgumentError('argument.too_long', `${what} must be at most ${spec.max} characters.`, { arg: name });
    }
  }
  return value;
}

export function convertDuration(name: string, spec: OptionSpec, text: string): number {
  try {
    return parseDuration(text, {
      ...(spec.min !== undefined ? { min: spec.min } : {}),
      ...(spec.max !== undefined ? { max: spec.max } : {}),
    });
  } catch (err) {
    if (err instanceof DurationError) {
      throw new ArgumentError('argument.invalid_duration', `\`${label(name, spec)}\`: ${err.message}`, { arg: name });
    }
    throw err;
  }
}

async function convertOne(name: string, spec: OptionSpec, raw: RawValue, resolver: EntityResolver): Promise<unknown> {
  const what = `\`${label(name, spec)}\``;
  if (raw === true) return true;
  const text = raw;
  const shown = `\`${text.slice(0, 50).replace(/`/g, "'")}\``;
  switch (spec.kind) {
    case 'string':
    case 'text':
      return checkValue(name, spec, text);
    case 'integer': {
      if (!/^[-+]?\d+$/.test(text)) {
        throw new ArgumentError('argument.invalid_integer', `${what} must be a whole number, not ${shown}.`, {
          arg: name,
        });
      }
      return checkValue(name, spec, Number.parseInt(text, 10));
    }
    case 'number': {
      const n = Number(text.replace(',', '.'));
      if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(text) || !Number.isFinite(n)) {
        throw new ArgumentError('argument.invalid_number', `${what} must be a number, not ${shown}.`, { arg: name });
      }
      return checkValue(name, spec, n);
    }
    case 'boolean': {
      const value = booleanFromWord(text);
      if (value !== undefined) return value;
      throw new ArgumentError(
        'argument.invalid_boolean',
        `${what}: ${shown} must be a boolean value (e.g. true/false, yes/no).`,
        { arg: name },
      );
    }
    case 'duration':
      return convertDuration(name, spec, text);
    case 'user': {
      const id = idFromMention(text, 'user');
      const user = id ? await resolver.user(id) : null;
      if (!user) {
        throw new ArgumentError('argument.user_not_found', `User not found: ${shown}. Mention them or give their id.`, {
          arg: name,
        });
      }
      return user;
    }
    case 'member': {
      const member = await resolver.member(text);
      if (!member) {
        throw new ArgumentError(
          'argument.member_not_found',
          `Member not found: ${shown}. Mention them or give their id; they must be in this server.`,
          { arg: name },
        );
      }
      return member;
    }
    case 'channel': {
      const channel = await resolver.channel(text);
      if (!channel) {
        throw new ArgumentError(
          'argument.channel_not_found',
          `Channel not found: ${shown}. Mention it (#channel) or give its id.`,
          {
            arg: name,
          },
        );
      }
      if (spec.channelTypes && !spec.channelTypes.includes(channel.type)) {
        throw new ArgumentError('argument.channel_type', `${what} cannot be ${shown}: wrong kind of channel.`, {
          arg: name,
        });
      }
      return channel;
    }
    case 'role': {
      const role = await resolver.role(text);
      if (!role) {
        throw new ArgumentError(
          'argument.role_not_found',
          `Role not found: ${shown}. Mention it or give its id or name.`,
          {
            arg: name,
          },
        );
      }
      return role;
    }
    case 'attachment':
      // Files come with the message, not in its text (see convertInput).
      throw new ArgumentError('argument.attachment_text', `${what} is a file: attach it to the message.`, {
        arg: name,
      });
  }
}

/**
 * Fills every declared option: converts given values, applies defaults, reports the first missing one. Attachment
 * arguments take the message's `attachments` in order.
 */
export async function convertInput(
  raw: RawInput,
  args: OptionsShape,
  flags: OptionsShape,
  resolver: EntityResolver,
  attachments: readonly CommandAttachment[] = [],
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  const files = [...attachments];
  for (const [shape, values] of [
    [args, raw.args],
    [flags, raw.flags],
  ] as const) {
    for (const [name, spec] of Object.entries(shape)) {
      if (spec.kind === 'attachment') {
        const file = files.shift();
        if (file) input[name] = file;
        else if (!spec.optional) {
          throw new ArgumentError(
            'argument.missing_attachment',
            `Missing required file: \`${name}\` (${spec.description}). Attach it to the message.`,
            { arg: name },
          );
        } else input[name] = undefined;
        continue;
      }
      const value = values.get(name);
      if (value === undefined) {
        if (spec.default !== undefined) input[name] = spec.default;
        else if (!spec.optional) {
          throw new ArgumentError(
            spec.role === 'flag' ? 'argument.missing_flag' : 'argument.missing',
            spec.role === 'flag'
              ? `Missing required flag: \`-${name}\` (${spec.description}).`
              : `Missing required argument: \`${name}\` (${spec.description}).`,
            { arg: name },
          );
        } else input[name] = undefined;
        continue;
      }
      input[name] = await convertOne(name, spec, value, resolver);
    }
  }
  return input;
}
