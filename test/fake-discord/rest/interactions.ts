import type { APIApplicationCommand } from 'discord-api-types/v10';
import { ApiError, unknown } from '../api-error.ts';
import type { FakeContext } from '../context.ts';
import { createMessage, deleteMessage, editMessage, storeAttachments } from '../message-ops.ts';
import { renderMessage, renderUser } from '../render.ts';
import type { RestRequest, RestRouter } from '../rest-router.ts';
import { messageLimitIssues, throwIfIssues } from '../validation.ts';
import type { StoredInteraction, StoredMessage } from '../world.ts';
import { type MessageBody, requireNonEmpty } from './messages.ts';

/** Interaction callbacks, interaction webhooks (follow-ups, @original), application commands and emojis. */

const EPHEMERAL = 64;
const LOADING = 128;

function interactionByToken(ctx: FakeContext, applicationId: string, token: string): StoredInteraction {
  if (applicationId !== ctx.world.applicationId) throw unknown('webhook');
  for (const interaction of ctx.world.interactions.values()) if (interaction.token === token) return interaction;
  throw unknown('webhook');
}

function interactionMetadata(ctx: FakeContext, interaction: StoredInteraction): Record<string, unknown> {
  const data = interaction.payload.data as { name?: string; type?: number } | undefined;
  const meta: Record<string, unknown> = {
    id: interaction.id,
    type: interaction.type,
    user: renderUser(ctx.world, interaction.user_id),
    authorizing_integration_owners: interaction.guild_id ? { '0': interaction.guild_id } : { '1': interaction.user_id },
  };
  if (interaction.type === 2 && data?.name) {
    meta.name = data.name;
    meta.command_type = data.type ?? 1;
  }
  if (interaction.message_id) meta.interacted_message_id = interaction.message_id;
  return meta;
}

/** A message sent on behalf of an interaction (reply, deferred reply or follow-up). */
function createInteractionMessage(
  ctx: FakeContext,
  interaction: StoredInteraction,
  body: MessageBody,
  request: RestRequest,
  extraFlags: number,
): StoredMessage {
  const channel = ctx.world.channel(interaction.channel_id);
  const flags = ((body.flags ?? 0) & ~LOADING) | extraFlags;
  return createMessage(ctx, {
    channel,
    authorId: ctx.world.botId,
    content: body.content,
    embeds: body.embeds,
    components: body.components,
    flags,
    tts: body.tts,
    allowedMentions: body.allowed_mentions,
    attachments: storeAttachments(ctx, channel.id, request.files, body.attachments),
    poll: body.poll,
    webhookId: ctx.world.applicationId,
    applicationId: ctx.world.applicationId,
    interactionMetadata: interactionMetadata(ctx, interaction),
    type: interaction.type === 2 ? 20 : 0,
    ephemeral: (flags & EPHEMERAL) !== 0,
  });
}

function webhookMessage(ctx: FakeContext, interaction: StoredInteraction, messageId: string): StoredMessage {
  const id = messageId === '@original' ? interaction.original_message_id : messageId;
  const message = id ? ctx.world.messages.get(id) : undefined;
  if (!message || (id !== interaction.original_message_id && !interaction.followup_ids.includes(id!)))
    throw unknown('message');
  return message;
}

function commandBody(
  ctx: FakeContext,
  body: Partial<APIApplicationCommand>,
  guildId: string | undefined,
  previous?: APIApplicationCommand,
): APIApplicationCommand {
  const command = {
    id: previous?.id ?? ctx.world.ids.next(),
    application_id: ctx.world.applicationId,
    version: ctx.world.ids.next(),
    type: body.type ?? previous?.type ?? 1,
    name: body.name ?? previous?.name ?? '',
    name_localizations: body.name_localizations ?? null,
    description: body.description ?? previous?.description ?? '',
    description_localizations: body.description_localizations ?? null,
    options: body.options ?? previous?.options ?? [],
    default_member_permissions: body.default_member_permissions ?? previous?.default_member_permissions ?? null,
    nsfw: body.nsfw ?? false,
    contexts: body.contexts ?? previous?.contexts ?? null,
    integration_types: body.integration_types ?? previous?.integration_types ?? [0],
    dm_permission: true,
  } as APIApplicationCommand;
  if (guildId) command.guild_id = guildId;
  return command;
}

export function registerInteractionRoutes(router: RestRouter, ctx: FakeContext): void {
  const { world } = ctx;

  router.add(
    'POST',
    '/interactions/{interaction_id}/{interaction_token}/callback',
    (r) => {
      const interaction = world.interactions.get(r.params.interaction_id!);
      if (!interaction) throw unknown('interaction');
      if (interaction.token !== r.params.interaction_token) throw new ApiError(401, 50027, 'Invalid Webhook Token');
      if (interaction.callback) throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
      if (Date.now() - interaction.created_at > ctx.interactionTimeoutMs) throw unknown('interaction');
      const body = (r.body ?? {}) as { type: number; data?: MessageBody & Record<string, unknown> };
      const data = body.data ?? {};
      const component = interaction.message_id ? world.messages.get(interaction.message_id) : undefined;
      // A modal's components are its own layout, not a message's.
      const asMessage = body.type === 9 ? { content: data.content, embeds: data.embeds } : data;
      throwIfIssues(messageLimitIssues(asMessage, ['data'], body.type === 7 ? component?.flags : undefined));
      let message: StoredMessage | undefined;
      switch (body.type) {
        case 4:
          requireNonEmpty(data, r.files.length);
          message = createInteractionMessage(ctx, interaction, data, r, 0);
          break;
        case 5:
          message = createInteractionMessage(ctx, interaction, { flags: (data.flags ?? 0) & EPHEMERAL }, r, LOADING);
          break;
        case 6:
        case 7:
          if (!component)
            throw new ApiError(400, 40043, 'Interaction callback type is only valid for component interactions');
          message = component;
          if (body.type === 7) {
            editMessage(ctx, component, {
              content: data.content,
              embeds: data.embeds,
              components: data.components,
              allowedMentions: data.allowed_mentions,
              ...(r.files.length
                ? { attachments: storeAttachments(ctx, component.channel_id, r.files, data.attachments) }
                : {}),
            });
          }
          break;
        case 8:
          if (interaction.type !== 4) throw new ApiError(400, 50035, 'Invalid Form Body');
          break;
        case 9:
          if (interaction.type === 5) throw new ApiError(400, 40043, 'A modal cannot answer a modal submit');
          break;
        default:
          throw new ApiError(400, 50035, 'Invalid Form Body', {
            type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {4, 5, 6, 7, 8, 9}.' }] },
          });
      }
      interaction.callback = { type: body.type, data: body.data ?? null, at: world.nowIso() };
      if (message) interaction.original_message_id = message.id;
      world.bus.emit('interaction-response', interaction.id);
      if (r.query.get('with_response') !== 'true') return { status: 204 };
      const resource: Record<string, unknown> = { type: body.type };
      if (message && body.type !== 6) resource.message = renderMessage(world, message);
      const summary: Record<string, unknown> = { id: interaction.id, type: interaction.type };
      if (message) {
        summary.response_message_id = message.id;
        summary.response_message_loading = (message.flags & LOADING) !== 0;
        summary.response_message_ephemeral = (message.flags & EPHEMERAL) !== 0;
      }
      return { status: 200, body: { interaction: summary, resource } };
    },
    'token',
  );

  const webhookBase = '/webhooks/{webhook_id}/{webhook_token}';
  router.add(
    'POST',
    webhookBase,
    (r) => {
      const interaction = interactionByToken(ctx, r.params.webhook_id!, r.params.webhook_token!);
      if (!interaction.callback) throw unknown('webhook');
      const body = (r.body ?? {}) as MessageBody;
      throwIfIssues(messageLimitIssues(body));
      requireNonEmpty(body, r.files.length);
      const original = interaction.original_message_id
        ? world.messages.get(interaction.original_message_id)
        : undefined;
      let message: StoredMessage;
      if (original && original.flags & LOADING && interaction.callback.type === 5) {
        // Discord turns the first follow-up after a deferred reply into the reply itself.
        message = editMessage(ctx, original, {
          content: body.content,
          embeds: body.embeds,
          components: body.components,
          flags: body.flags,
          allowedMentions: body.allowed_mentions,
          attachments: storeAttachments(ctx, original.channel_id, r.files, body.attachments),
        });
      } else {
        message = createInteractionMessage(ctx, interaction, body, r, 0);
        interaction.followup_ids.push(message.id);
      }
      world.bus.emit('interaction-response', interaction.id);
      return r.query.get('wait') === 'true' ? { status: 200, body: renderMessage(world, message) } : { status: 204 };
    },
    'token',
  );

  const messageRoute = `${webhookBase}/messages/{message_id}`;
  router.add(
    'GET',
    messageRoute,
    (r) => {
      const interaction = interactionByToken(ctx, r.params.webhook_id!, r.params.webhook_token!);
      return { status: 200, body: renderMessage(world, webhookMessage(ctx, interaction, r.params.message_id!)) };
    },
    'token',
  );
  router.add(
    'PATCH',
    messageRoute,
    (r) => {
      const interaction = interactionByToken(ctx, r.params.webhook_id!, r.params.webhook_token!);
      const message = webhookMessage(ctx, interaction, r.params.message_id!);
      const body = (r.body ?? {}) as MessageBody;
      throwIfIssues(messageLimitIssues(body, [], message.flags));
      const kept = body.attachments
        ? message.attachments.filter((a) => body.attachments!.some((k) => String(k.id) === a.id))
        : undefined;
      const added = r.files.length ? storeAttachments(ctx, message.channel_id, r.files, body.attachments) : [];
      editMessage(ctx, message, {
        content: body.content,
        embeds: body.embeds,
        components: body.components,
        flags: body.flags,
        allowedMentions: body.allowed_mentions,
        attachments: kept || added.length ? [...(kept ?? message.attachments), ...added] : undefined,
      });
      world.bus.emit('interaction-response', interaction.id);
      return { status: 200, body: renderMessage(world, message) };
    },
    'token',
  );
  router.add(
    'DELETE',
    messageRoute,
    (r) => {
      const interaction = interactionByToken(ctx, r.params.webhook_id!, r.params.webhook_token!);
      const message = webhookMessage(ctx, interaction, r.params.message_id!);
      deleteMessage(ctx, message);
      world.bus.emit('interaction-response', interaction.id);
      return { status: 204 };
    },
    'token',
  );

  // Application commands, global and per guild.
  const commandsOf = (guildId: string | undefined) =>
    [...world.commands.values()].filter((c) => c.guild_id === guildId);
  const checkApp = (r: RestRequest) => {
    if (r.params.application_id !== world.applicationId) throw unknown('application');
    if (r.params.guild_id) world.guild(r.params.guild_id);
    return r.params.guild_id;
  };
  const findCommand = (r: RestRequest) => {
    const guildId = checkApp(r);
    const command = world.commands.get(r.params.command_id!);
    if (!command || command.guild_id !== guildId) throw unknown('command');
    return command;
  };
  for (const base of [
    '/applications/{application_id}/commands',
    '/applications/{application_id}/guilds/{guild_id}/commands',
  ]) {
    router.add('GET', base, (r) => ({ status: 200, body: commandsOf(checkApp(r)) }));
    router.add('PUT', base, (r) => {
      const guildId = checkApp(r);
      const existing = commandsOf(guildId);
      const bodies = (r.body ?? []) as Partial<APIApplicationCommand>[];
      for (const command of existing) world.commands.delete(command.id);
      const stored = bodies.map((body) => {
        const previous = existing.find((c) => c.name === body.name && c.type === (body.type ?? 1));
        const command = commandBody(ctx, body, guildId, previous);
        world.commands.set(command.id, command);
        return command;
      });
      return { status: 200, body: stored };
    });
    router.add('POST', base, (r) => {
      const guildId = checkApp(r);
      const body = (r.body ?? {}) as Partial<APIApplicationCommand>;
      const previous = commandsOf(guildId).find((c) => c.name === body.name && c.type === (body.type ?? 1));
      const command = commandBody(ctx, body, guildId, previous);
      world.commands.set(command.id, command);
      return { status: previous ? 200 : 201, body: command };
    });
    router.add('GET', `${base}/{command_id}`, (r) => ({ status: 200, body: findCommand(r) }));
    router.add('PATCH', `${base}/{command_id}`, (r) => {
      const previous = findCommand(r);
      const command = commandBody(
        ctx,
        { ...previous, ...(r.body as Partial<APIApplicationCommand>) },
        previous.guild_id,
        previous,
      );
      world.commands.set(command.id, command);
      return { status: 200, body: command };
    });
    router.add('DELETE', `${base}/{command_id}`, (r) => {
      world.commands.delete(findCommand(r).id);
      return { status: 204 };
    });
  }

  // The application and its emojis.
  const application = () => ({
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    owner: world.botUser,
    team: null,
    bot: world.botUser,
  });
  router.add('GET', '/applications/@me', () => ({ status: 200, body: application() }));
  router.add('GET', '/oauth2/applications/@me', () => ({ status: 200, body: application() }));
  const appEmoji = (r: RestRequest) => {
    checkApp(r);
    const emoji = world.appEmojis.get(r.params.emoji_id!);
    if (!emoji) throw unknown('emoji');
    return emoji;
  };
  router.add('GET', '/applications/{application_id}/emojis', (r) => {
    checkApp(r);
    return { status: 200, body: { items: [...world.appEmojis.values()] } };
  });
  router.add('POST', '/applications/{application_id}/emojis', (r) => {
    checkApp(r);
    const body = (r.body ?? {}) as { name: string; image: string };
    const emoji = {
      id: world.ids.next(),
      name: body.name,
      roles: [],
      user: world.botUser,
      require_colons: true,
      managed: false,
      animated: body.image.startsWith('data:image/gif'),
      available: true,
    };
    world.appEmojis.set(emoji.id, emoji);
    return { status: 201, body: emoji };
  });
  router.add('GET', '/applications/{application_id}/emojis/{emoji_id}', (r) => ({ status: 200, body: appEmoji(r) }));
  router.add('PATCH', '/applications/{application_id}/emojis/{emoji_id}', (r) => {
    const emoji = appEmoji(r);
    const body = (r.body ?? {}) as { name?: string };
    if (body.name) emoji.name = body.name;
    return { status: 200, body: emoji };
  });
  router.add('DELETE', '/applications/{application_id}/emojis/{emoji_id}', (r) => {
    world.appEmojis.delete(appEmoji(r).id!);
    return { status: 204 };
  });
}
