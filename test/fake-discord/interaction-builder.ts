import { randomBytes } from 'node:crypto';
import type { APIApplicationCommand, APIApplicationCommandOption, APIInteraction } from 'discord-api-types/v10';
import { dispatch, type FakeContext } from './context.ts';
import { ControlError } from './control-error.ts';
import { channelPermissions } from './permissions.ts';
import { renderChannel, renderMember, renderMessage, renderUser } from './render.ts';
import type { StoredChannel, StoredInteraction } from './world.ts';

/** Builds INTERACTION_CREATE payloads the way Discord does for a member's command, click, select or modal. */

/** An uploaded file for an attachment option: UTF-8 text, or base64 when `base64` is true. */
export interface AttachmentOptionValue {
  filename: string;
  content: string;
  base64?: boolean;
  contentType?: string;
}

export type OptionValue = string | number | boolean | AttachmentOptionValue;

/** Discord's upload limit for a guild without boosts, also sent as `attachment_size_limit`. */
const ATTACHMENT_SIZE_LIMIT = 26214400;

export interface InteractionOrigin {
  userId: string;
  channelId: string;
  locale?: string;
}

interface Resolved {
  users?: Record<string, unknown>;
  members?: Record<string, unknown>;
  roles?: Record<string, unknown>;
  channels?: Record<string, unknown>;
  attachments?: Record<string, unknown>;
  messages?: Record<string, unknown>;
}

/** Common fields: member/user, channel, permissions, locale, entitlements. */
function basePayload(
  ctx: FakeContext,
  origin: InteractionOrigin,
  type: number,
  data: unknown,
): { payload: Record<string, unknown>; channel: StoredChannel } {
  const { world } = ctx;
  const channel = world.channel(origin.channelId);
  world.user(origin.userId);
  const id = world.ids.next();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const payload: Record<string, unknown> = {
    id,
    application_id: world.applicationId,
    type,
    token,
    version: 1,
    channel_id: channel.id,
    channel: renderChannel(world, channel),
    data,
    locale: origin.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
  if (channel.guild_id) {
    const guild = world.guild(channel.guild_id);
    if (!guild.members.has(origin.userId))
      throw new ControlError(400, `User ${origin.userId} is not a member of guild ${guild.id}.`);
    payload.guild_id = guild.id;
    payload.guild = { id: guild.id, locale: 'en-US', features: [] };
    payload.guild_locale = 'en-US';
    payload.member = {
      ...renderMember(world, guild, origin.userId),
      permissions: channelPermissions(world, guild, channel, origin.userId).toString(),
    };
    payload.app_permissions = channelPermissions(world, guild, channel, world.botId).toString();
    payload.authorizing_integration_owners = { '0': guild.id };
    payload.context = 0;
  } else {
    payload.user = renderUser(world, origin.userId);
    payload.app_permissions = '0';
    payload.authorizing_integration_owners = { '0': world.applicationId };
    payload.context = 1;
  }
  return { payload, channel };
}

/** Stores the interaction and dispatches INTERACTION_CREATE. */
export function emitInteraction(
  ctx: FakeContext,
  payload: Record<string, unknown>,
  channel: StoredChannel,
  userId: string,
  messageId?: string,
): StoredInteraction {
  const interaction: StoredInteraction = {
    id: payload.id as string,
    token: payload.token as string,
    type: payload.type as number,
    channel_id: channel.id,
    user_id: userId,
    created_at: Date.now(),
    payload: payload as unknown as APIInteraction,
    callback: null,
    original_message_id: null,
    followup_ids: [],
  };
  if (channel.guild_id) interaction.guild_id = channel.guild_id;
  if (messageId) interaction.message_id = messageId;
  ctx.world.interactions.set(interaction.id, interaction);
  dispatch(ctx, 'INTERACTION_CREATE', payload, { guildId: channel.guild_id });
  return interaction;
}

/** Finds a registered command by name: guild commands first, then global ones. */
export function findRegisteredCommand(
  ctx: FakeContext,
  name: string,
  guildId: string | undefined,
  type = 1,
): APIApplicationCommand {
  const all = [...ctx.world.commands.values()].filter((c) => c.name === name && (c.type ?? 1) === type);
  const command = all.find((c) => guildId && c.guild_id === guildId) ?? all.find((c) => !c.guild_id);
  if (!command) {
    const known = [...ctx.world.commands.values()].map((c) => c.name).join(', ') || 'none';
    throw new ControlError(
      404,
      `No command "${name}" is registered for this guild or globally (registered: ${known}). Register commands before running them.`,
    );
  }
  return command;
}

export interface CommandCall {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** For autocomplete: the option being typed. */
  focused?: string;
}

/** Builds `data.options` (nested under subcommand/group) and `data.resolved` from plain values and the registered definition. */
export function buildCommandData(
  ctx: FakeContext,
  command: APIApplicationCommand,
  call: CommandCall,
  channel: StoredChannel,
  invokerId: string,
): Record<string, unknown> {
  const { world } = ctx;
  const guild = channel.guild_id ? world.guild(channel.guild_id) : null;
  let defs: APIApplicationCommandOption[] = command.options ?? [];
  const path: { name: string; type: number }[] = [];
  for (const [kind, name, type] of [
    ['subcommand group', call.subcommandGroup, 2],
    ['subcommand', call.subcommand, 1],
  ] as const) {
    if (!name) continue;
    const def = defs.find((d) => d.name === name && d.type === type);
    if (!def) throw new ControlError(400, `Command "${command.name}" has no ${kind} "${name}".`);
    path.push({ name, type });
    defs = ('options' in def ? def.options : undefined) ?? [];
  }
  if (path.length === 0 && defs.some((d) => d.type === 1 || d.type === 2)) {
    throw new ControlError(400, `Command "${command.name}" needs a subcommand: ${defs.map((d) => d.name).join(', ')}.`);
  }
  const resolved: Resolved = {};
  const add = (kind: keyof Resolved, id: string, value: unknown) => {
    resolved[kind] ??= {};
    resolved[kind][id] = value;
  };
  const options: Record<string, unknown>[] = [];
  for (const [name, value] of Object.entries(call.options ?? {})) {
    const def = defs.find((d) => d.name === name);
    if (!def)
      throw new ControlError(
        400,
        `Command "${command.name}" has no option "${name}" (options: ${defs.map((d) => d.name).join(', ') || 'none'}).`,
      );
    const option: Record<string, unknown> = { name, type: def.type };
    if (typeof value === 'object' && def.type !== 11)
      throw new ControlError(400, `Option "${name}" takes a plain value, not a file.`);
    if (call.focused === name) {
      option.value = String(value);
      option.focused = true;
      options.push(option);
      continue;
    }
    switch (def.type) {
      case 6:
      case 9: {
        const id = String(value);
        if (def.type === 9 && guild?.roles.has(id)) {
          add('roles', id, guild.roles.get(id));
        } else {
          add('users', id, renderUser(world, world.user(id).id));
          if (guild?.members.has(id)) {
            const { user: _u, ...member } = renderMember(world, guild, id);
            add('members', id, { ...member, permissions: channelPermissions(world, guild, channel, id).toString() });
          }
        }
        option.value = id;
        break;
      }
      case 7: {
        const target = world.channel(String(value));
        const c = renderChannel(world, target) as unknown as Record<string, unknown>;
        const partial: Record<string, unknown> = {
          id: target.id,
          name: target.name,
          type: target.type,
          parent_id: target.parent_id ?? null,
        };
        if (guild) partial.permissions = channelPermissions(world, guild, target, invokerId).toString();
        if (c.thread_metadata) partial.thread_metadata = c.thread_metadata;
        add('channels', target.id, partial);
        option.value = target.id;
        break;
      }
      case 8: {
        const id = String(value);
        if (!guild?.roles.has(id)) throw new ControlError(404, `Role ${id} does not exist in this guild.`);
        add('roles', id, guild.roles.get(id));
        option.value = id;
        break;
      }
      case 11: {
        if (typeof value !== 'object' || typeof value.filename !== 'string' || typeof value.content !== 'string')
          throw new ControlError(400, `Option "${name}" is an attachment: pass { filename, content[, base64] }.`);
        if (!value.filename.trim() || value.filename.length > 1024)
          throw new ControlError(400, `Option "${name}": the file name must be 1-1024 characters.`);
        const id = world.ids.next();
        const data = Buffer.from(value.content, value.base64 ? 'base64' : 'utf8');
        if (data.length > ATTACHMENT_SIZE_LIMIT)
          throw new ControlError(
            400,
            `Option "${name}": ${data.length} bytes is over the upload limit of ${ATTACHMENT_SIZE_LIMIT} bytes.`,
          );
        const contentType = value.contentType ?? 'application/octet-stream';
        const url = `${ctx.baseUrl()}/attachments/${channel.id}/${id}/${encodeURIComponent(value.filename)}`;
        ctx.attachments.set(`${channel.id}/${id}`, { data, contentType });
        // Files uploaded with a slash command are ephemeral attachments until the bot reposts them.
        add('attachments', id, {
          id,
          filename: value.filename,
          size: data.length,
          url,
          proxy_url: url,
          content_type: contentType,
          ephemeral: true,
        });
        option.value = id;
        break;
      }
      case 4:
      case 10:
        if (typeof value !== 'number')
          throw new ControlError(400, `Option "${name}" is a number; got ${JSON.stringify(value)}.`);
        option.value = value;
        break;
      case 5:
        if (typeof value !== 'boolean')
          throw new ControlError(400, `Option "${name}" is a boolean; got ${JSON.stringify(value)}.`);
        option.value = value;
        break;
      default:
        option.value = String(value);
    }
    options.push(option);
  }
  if (!call.focused) {
    const missing = defs.filter((d) => 'required' in d && d.required && !(d.name in (call.options ?? {})));
    if (missing.length)
      throw new ControlError(
        400,
        `Command "${command.name}" is missing required option(s): ${missing.map((d) => d.name).join(', ')}.`,
      );
  }
  let nested: Record<string, unknown>[] = options;
  for (const level of [...path].reverse()) nested = [{ name: level.name, type: level.type, options: nested }];
  const data: Record<string, unknown> = {
    id: command.id,
    name: command.name,
    type: command.type ?? 1,
    options: nested,
  };
  if (command.guild_id) data.guild_id = command.guild_id;
  if (Object.keys(resolved).length) data.resolved = resolved;
  return data;
}

export function newCommandInteraction(
  ctx: FakeContext,
  origin: InteractionOrigin,
  call: CommandCall,
  interactionType: 2 | 4,
): StoredInteraction {
  const channel = ctx.world.channel(origin.channelId);
  const command = findRegisteredCommand(ctx, call.name, channel.guild_id);
  const data = buildCommandData(ctx, command, call, channel, origin.userId);
  const { payload } = basePayload(ctx, origin, interactionType, data);
  return emitInteraction(ctx, payload, channel, origin.userId);
}

export function newContextMenuInteraction(
  ctx: FakeContext,
  origin: InteractionOrigin,
  name: string,
  target: { userId?: string; messageId?: string },
): StoredInteraction {
  const { world } = ctx;
  const channel = world.channel(origin.channelId);
  const type = target.messageId ? 3 : 2;
  const command = findRegisteredCommand(ctx, name, channel.guild_id, type);
  const data: Record<string, unknown> = { id: command.id, name: command.name, type };
  if (command.guild_id) data.guild_id = command.guild_id;
  if (target.messageId) {
    const message = world.message(channel.id, target.messageId);
    data.target_id = message.id;
    data.resolved = { messages: { [message.id]: renderMessage(world, message) } };
  } else if (target.userId) {
    const guild = channel.guild_id ? world.guild(channel.guild_id) : null;
    data.target_id = target.userId;
    const resolved: Resolved = { users: { [target.userId]: renderUser(world, world.user(target.userId).id) } };
    if (guild?.members.has(target.userId)) {
      const { user: _u, ...member } = renderMember(world, guild, target.userId);
      resolved.members = { [target.userId]: member };
    }
    data.resolved = resolved;
  }
  const { payload } = basePayload(ctx, origin, 2, data);
  return emitInteraction(ctx, payload, channel, origin.userId);
}

export function newComponentInteraction(
  ctx: FakeContext,
  userId: string,
  messageId: string,
  customId: string,
  values?: string[],
): StoredInteraction {
  const { world } = ctx;
  const message = world.messages.get(messageId);
  if (!message) throw new ControlError(404, `Message ${messageId} does not exist.`);
  const component = findComponent(message.components, customId);
  if (!component) throw new ControlError(404, `Message ${messageId} has no component with custom_id "${customId}".`);
  if (component.disabled) throw new ControlError(400, `Component "${customId}" is disabled.`);
  const data: Record<string, unknown> = { custom_id: customId, component_type: component.type };
  if (component.type !== 2) {
    if (!values) throw new ControlError(400, `Component "${customId}" is a select menu: pass values.`);
    data.values = values;
    const channel = world.channel(message.channel_id);
    const guild = channel.guild_id ? world.guild(channel.guild_id) : null;
    const resolved: Resolved = {};
    const put = (kind: keyof Resolved, id: string, value: unknown) => {
      resolved[kind] ??= {};
      resolved[kind][id] = value;
    };
    for (const value of values) {
      if ((component.type === 5 || component.type === 7) && world.users.has(value)) {
        put('users', value, renderUser(world, value));
        if (guild?.members.has(value)) {
          const { user: _u, ...member } = renderMember(world, guild, value);
          put('members', value, member);
        }
      } else if ((component.type === 6 || component.type === 7) && guild?.roles.has(value)) {
        put('roles', value, guild.roles.get(value));
      } else if (component.type === 8 && world.channels.has(value)) {
        const target = world.channel(value);
        put('channels', value, { id: target.id, name: target.name, type: target.type, permissions: '0' });
      }
    }
    if (Object.keys(resolved).length) data.resolved = resolved;
  }
  const { payload, channel } = basePayload(ctx, { userId, channelId: message.channel_id }, 3, data);
  payload.message = renderMessage(world, message);
  return emitInteraction(ctx, payload, channel, userId, message.id);
}

interface FoundComponent {
  type: number;
  custom_id?: string;
  disabled?: boolean;
}

function findComponent(components: unknown, customId: string): FoundComponent | undefined {
  if (!Array.isArray(components)) return undefined;
  for (const c of components as (FoundComponent & {
    components?: unknown;
    accessory?: unknown;
    component?: unknown;
  })[]) {
    if (c.custom_id === customId) return c;
    const inner =
      findComponent(c.components, customId) ??
      findComponent(c.accessory ? [c.accessory] : undefined, customId) ??
      findComponent(c.component ? [c.component] : undefined, customId);
    if (inner) return inner;
  }
  return undefined;
}

/** Submits the modal that an interaction answered with (callback type 9). */
export function newModalSubmit(
  ctx: FakeContext,
  userId: string,
  modalInteractionId: string,
  fields: Record<string, string | string[]>,
): StoredInteraction {
  const source = ctx.world.interactions.get(modalInteractionId);
  if (!source) throw new ControlError(404, `Interaction ${modalInteractionId} does not exist.`);
  if (source.callback?.type !== 9)
    throw new ControlError(400, `Interaction ${modalInteractionId} was not answered with a modal.`);
  const modal = (source.callback.data ?? {}) as { custom_id?: string; components?: Record<string, unknown>[] };
  const fill = (input: Record<string, unknown>): Record<string, unknown> => {
    const customId = input.custom_id as string;
    const value = fields[customId];
    if (input.type === 4)
      return { type: 4, id: input.id, custom_id: customId, value: typeof value === 'string' ? value : '' };
    return {
      type: input.type,
      id: input.id,
      custom_id: customId,
      values: Array.isArray(value) ? value : value ? [value] : [],
    };
  };
  const components = (modal.components ?? []).map((top) => {
    if (top.type === 18) return { type: 18, id: top.id, component: fill(top.component as Record<string, unknown>) };
    if (top.type === 1)
      return { type: 1, id: top.id, components: ((top.components ?? []) as Record<string, unknown>[]).map(fill) };
    return { type: top.type, id: top.id };
  });
  const known = new Set<string>();
  const collect = (list: unknown) => {
    for (const c of (Array.isArray(list) ? list : []) as Record<string, unknown>[]) {
      if (typeof c.custom_id === 'string') known.add(c.custom_id);
      collect(c.components);
      if (c.component) collect([c.component]);
    }
  };
  collect(modal.components);
  for (const key of Object.keys(fields))
    if (!known.has(key))
      throw new ControlError(400, `The modal has no field "${key}" (fields: ${[...known].join(', ')}).`);
  const data = { custom_id: modal.custom_id, components };
  const { payload, channel } = basePayload(ctx, { userId, channelId: source.channel_id }, 5, data);
  if (source.message_id) {
    const message = ctx.world.messages.get(source.message_id);
    if (message) payload.message = renderMessage(ctx.world, message);
  }
  return emitInteraction(ctx, payload, channel, userId, source.message_id);
}
