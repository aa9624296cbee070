/** Reads a slash interaction's options into the same input object the prefix parser produces. */
import type { ChatInputCommandInteraction, GuildBasedChannel, GuildMember } from 'discord.js';
import { toCommandAttachment } from './attachment.ts';
import { checkValue, convertDuration } from './convert.ts';
import { ArgumentError } from './errors.ts';
import type { OptionSpec, OptionsShape } from './options.ts';
import { cleanReason } from './prefix-parser.ts';
import type { AnyCommand } from './types.ts';

async function readOne(i: ChatInputCommandInteraction, name: string, spec: OptionSpec): Promise<unknown> {
  const o = i.options;
  switch (spec.kind) {
    case 'string':
    case 'text': {
      const v = o.getString(name);
      if (v === null) return undefined;
      return checkValue(name, spec, spec.cleanReason ? cleanReason(v) || undefined : v);
    }
    case 'duration': {
      const v = o.getString(name);
      return v === null ? undefined : convertDuration(name, spec, v);
    }
    case 'integer': {
      const v = o.getInteger(name);
      return v === null ? undefined : checkValue(name, spec, v);
    }
    case 'number': {
      const v = o.getNumber(name);
      return v === null ? undefined : checkValue(name, spec, v);
    }
    case 'boolean':
      return o.getBoolean(name) ?? undefined;
    case 'user':
      return o.getUser(name) ?? undefined;
    case 'member': {
      const user = o.getUser(name);
      if (!user) return undefined;
      const member = o.getMember(name);
      if (member && 'roles' in member && !Array.isArray(member.roles)) return member as GuildMember;
      const fetched = await i.guild?.members.fetch(user.id).catch(() => null);
      if (!fetched) {
        throw new ArgumentError(
          'argument.member_not_found',
          `Member not found: ${user.username} is not in this server.`,
          {
            arg: name,
          },
        );
      }
      return fetched;
    }
    case 'channel': {
      const c = o.getChannel(name);
      if (!c) return undefined;
      const full = i.guild?.channels.cache.get(c.id) ?? (await i.guild?.channels.fetch(c.id).catch(() => null));
      return (full as GuildBasedChannel | null) ?? undefined;
    }
    case 'role': {
      const r = o.getRole(name);
      if (!r) return undefined;
      return i.guild?.roles.cache.get(r.id) ?? r;
    }
    case 'attachment': {
      const a = o.getAttachment(name);
      return a ? toCommandAttachment(a) : undefined;
    }
  }
}

export async function readSlashInput(
  i: ChatInputCommandInteraction,
  def: AnyCommand,
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const shape of [def.args ?? {}, def.flags ?? {}] as OptionsShape[]) {
    for (const [name, spec] of Object.entries(shape)) {
      const v = await readOne(i, name, spec);
      if (v !== undefined) input[name] = v;
      else if (spec.default !== undefined) input[name] = spec.default;
      else if (!spec.optional) {
        throw new ArgumentError('argument.missing', `Missing required option: \`${name}\` (${spec.description}).`, {
          arg: name,
        });
      } else input[name] = undefined;
    }
  }
  return input;
}
