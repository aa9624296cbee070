/**
 * Checks every member of a guild against its status roles: the member list (with presences) comes in the gateway's
 * member chunks, read as they arrive so no presence cache is needed; members are then checked in batches with a
 * pause between batches, progress logged after each. discord.js's REST queue waits out any rate limit Discord
 * announces, so a big guild slows down rather than fails; only members whose roles must change cost a request.
 */
import { randomBytes } from 'node:crypto';
import type { Guild } from 'discord.js';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import type { SafeRegex } from '#core/safe-regex/index.ts';
import { applyStatusRoles } from './apply-status-roles.ts';
import { customStatusOfRaw } from './custom-status.ts';
import type { StatusRolesSettings } from './settings.ts';

export interface SweepResult {
  members: number;
  added: number;
  removed: number;
  timedOut: number;
  batches: number;
}

interface RawPacket {
  t?: string | null;
  d?: {
    nonce?: string;
    presences?: { user: { id: string }; activities?: { type: number; state?: string | null }[] }[];
  };
}

export async function sweepGuild(
  guild: Guild,
  settings: StatusRolesSettings,
  regex: SafeRegex,
  log: Logger,
): Promise<SweepResult> {
  const result: SweepResult = { members: 0, added: 0, removed: 0, timedOut: 0, batches: 0 };
  if (settings.mappings.length === 0) return result;
  // Without presences every member would look status-less and lose their roles: do nothing instead.
  if (!guild.client.options.intents.has(GatewayIntentBits.GuildPresences)) {
    log.warn(
      { guild: guild.id },
      'status roles sweep skipped: presences are off (enable the Presence Intent and set discord.presences = true)',
    );
    return result;
  }
  const texts = new Map<string, string>();
  const nonce = randomBytes(8).toString('hex');
  const onRaw = (packet: RawPacket) => {
    if (packet.t !== 'GUILD_MEMBERS_CHUNK' || packet.d?.nonce !== nonce) return;
    for (const p of packet.d.presences ?? []) texts.set(p.user.id, customStatusOfRaw(p));
  };
  guild.client.on('raw', onRaw);
  let members: Awaited<ReturnType<Guild['members']['fetch']>>;
  try {
    members = await guild.members.fetch({ withPresences: true, nonce, time: 120_000 });
  } finally {
    guild.client.off('raw', onRaw);
  }
  const list = [...members.values()].filter((m) => !m.user.bot);
  log.info(
    { guild: guild.id, members: list.length },
    `status roles sweep: ${guild.name}: checking ${list.length} members`,
  );
  for (let at = 0; at < list.length; at += settings.sweep_batch) {
    if (at > 0 && settings.sweep_pause_ms > 0) await new Promise((r) => setTimeout(r, settings.sweep_pause_ms));
    const batch = list.slice(at, at + settings.sweep_batch);
    for (const member of batch) {
      const r = await applyStatusRoles(member, settings.mappings, texts.get(member.id) ?? '', regex, log);
      result.added += r.added;
      result.removed += r.removed;
      result.timedOut += r.timedOut;
    }
    result.members += batch.length;
    result.batches += 1;
    log.info(
      { guild: guild.id, done: result.members, total: list.length, added: result.added, removed: result.removed },
      `status roles sweep: ${guild.name}: ${result.members}/${list.length} members checked (+${result.added} −${result.removed})`,
    );
  }
  return result;
}
