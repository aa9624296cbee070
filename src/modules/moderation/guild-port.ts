/**
 * What the moderation pipeline needs from Discord, for one guild. The bot implements it over discord.js
 * (discord-guild-port.ts); the pipeline never touches discord.js objects, so it runs the same for a slash command,
 * a prefix command, an expiry job at boot and an automatic escalation.
 *
 * Methods that change Discord state reject with the discord.js error (it carries `status`), which the pipeline
 * classifies: 429/5xx are retried, 403 and 404 become clear messages.
 */
import type { APIEmbed } from 'discord-api-types/v10';

export interface UserInfo {
  id: string;
  /** Display form: "name" (or "name#1234" for old accounts). */
  tag: string;
  bot: boolean;
}

export interface MemberInfo extends UserInfo {
  /** Position of the member's highest role (0 = only @everyone). */
  topRolePosition: number;
  /** Role ids except @everyone. */
  roleIds: string[];
  /** Epoch ms while timed out, else null. */
  timedOutUntil: number | null;
}

export interface GuildPort {
  readonly guildId: string;
  readonly guildName: string;
  readonly ownerId: string;
  readonly botUserId: string;
  /** Position of the bot's highest role. */
  botTopRolePosition(): Promise<number>;
  /** The member, or null when the user is not in the guild. */
  member(userId: string): Promise<MemberInfo | null>;
  /** Any Discord user, or null when no such user exists. */
  user(userId: string): Promise<UserInfo | null>;
  ban(userId: string, opts: { deleteMessageSeconds: number; reason: string }): Promise<void>;
  unban(userId: string, reason: string): Promise<void>;
  /** The ban list (for unban by name). */
  bans(): Promise<UserInfo[]>;
  isBanned(userId: string): Promise<boolean>;
  kick(userId: string, reason: string): Promise<void>;
  /** Timeout until the given time, or lift it with null. */
  timeout(userId: string, until: number | null, reason: string): Promise<void>;
  addRoles(userId: string, roleIds: readonly string[], reason: string): Promise<void>;
  removeRoles(userId: string, roleIds: readonly string[], reason: string): Promise<void>;
  /** Of these role ids, the ones that exist and the bot may assign (below its top role, not managed). */
  assignableRoles(roleIds: readonly string[]): Promise<string[]>;
  /** The role exists in the guild. */
  hasRole(roleId: string): Promise<boolean>;
  hasChannel(channelId: string): Promise<boolean>;
  /** Sends a DM; false when the user does not accept DMs (never throws for that). */
  sendDm(userId: string, embed: APIEmbed): Promise<boolean>;
  /** Posts embeds (1–10) in one message in a guild channel and returns the message id. */
  postEmbeds(channelId: string, embeds: readonly APIEmbed[]): Promise<string>;
  /** The embeds of a message in a guild channel. */
  messageEmbeds(channelId: string, messageId: string): Promise<APIEmbed[]>;
  /** Replaces the embeds of a message. */
  editMessage(channelId: string, messageId: string, embeds: readonly APIEmbed[]): Promise<void>;
}
