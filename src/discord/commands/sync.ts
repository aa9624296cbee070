/**
 * Application command sync: fetches what Discord has, compares it with what the attached commands declare, and
 * writes only the difference (POST new, PATCH changed, DELETE gone). A first registration of several commands is one
 * PUT. An unchanged set costs one GET and no writes.
 */
import type { REST } from 'discord.js';
import {
  type APIApplicationCommand,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord-api-types/v10';

export interface SyncResult {
  scope: string;
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
  /** True when the set was written in one PUT. */
  bulk: boolean;
}

type Body = RESTPostAPIChatInputApplicationCommandsJSONBody;

// biome-ignore lint/suspicious/noExplicitAny: option JSON of any depth and type
function normOption(o: any): unknown {
  return {
    type: o.type,
    name: o.name,
    description: o.description ?? '',
    required: o.required === true,
    choices: o.choices?.length
      ? o.choices.map((c: { name: string; value: unknown }) => ({ name: c.name, value: c.value }))
      : undefined,
    min_value: o.min_value ?? undefined,
    max_value: o.max_value ?? undefined,
    min_length: o.min_length ?? undefined,
    max_length: o.max_length ?? undefined,
    autocomplete: o.autocomplete === true,
    channel_types: o.channel_types?.length ? [...o.channel_types].sort() : undefined,
    options: o.options?.length ? o.options.map(normOption) : undefined,
  };
}

/** Whether Discord's stored command already matches the declaration (fields Discord adds are ignored). */
export function sameCommand(desired: Body, remote: APIApplicationCommand): boolean {
  const a = {
    type: desired.type ?? 1,
    name: desired.name,
    description: desired.description,
    options: desired.options?.length ? desired.options.map(normOption) : undefined,
  };
  const b = {
    type: remote.type ?? 1,
    name: remote.name,
    description: remote.description,
    options: remote.options?.length ? remote.options.map(normOption) : undefined,
  };
  if (JSON.stringify(a) !== JSON.stringify(b)) return false;
  // Compare contexts only when Discord reports them, so an older API shape does not cause endless re-registration.
  if (Array.isArray(remote.contexts) && desired.contexts) {
    return JSON.stringify([...remote.contexts].sort()) === JSON.stringify([...desired.contexts].sort());
  }
  return true;
}

export async function syncApplicationCommands(
  rest: REST,
  applicationId: string,
  desired: readonly Body[],
  guildId?: string,
): Promise<SyncResult> {
  const listRoute = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const oneRoute = (id: string): `/${string}` =>
    guildId ? Routes.applicationGuildCommand(applicationId, guildId, id) : Routes.applicationCommand(applicationId, id);
  const remote = ((await rest.get(listRoute)) as APIApplicationCommand[]).filter((c) => (c.type ?? 1) === 1);
  const byName = new Map(remote.map((c) => [c.name, c]));
  const result: SyncResult = {
    scope: guildId ?? 'global',
    created: [],
    updated: [],
    deleted: [],
    unchanged: 0,
    bulk: false,
  };
  const toCreate: Body[] = [];
  const toUpdate: [APIApplicationCommand, Body][] = [];
  for (const d of desired) {
    const r = byName.get(d.name);
    if (!r) toCreate.push(d);
    else if (!sameCommand(d, r)) toUpdate.push([r, d]);
    else result.unchanged++;
  }
  const wanted = new Set(desired.map((d) => d.name));
  const toDelete = remote.filter((r) => !wanted.has(r.name));
  const writes = toCreate.length + toUpdate.length + toDelete.length;
  if (writes === 0) return result;
  if ((remote.length === 0 && desired.length > 1) || writes > 10) {
    await rest.put(listRoute, { body: desired });
    result.bulk = true;
    result.created = toCreate.map((c) => c.name);
    result.updated = toUpdate.map(([, d]) => d.name);
    result.deleted = toDelete.map((c) => c.name);
    return result;
  }
  for (const d of toCreate) {
    await rest.post(listRoute, { body: d });
    result.created.push(d.name);
  }
  for (const [r, d] of toUpdate) {
    await rest.patch(oneRoute(r.id), { body: d });
    result.updated.push(d.name);
  }
  for (const r of toDelete) {
    await rest.delete(oneRoute(r.id));
    result.deleted.push(r.name);
  }
  return result;
}
