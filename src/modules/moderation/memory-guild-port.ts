/**
 * A GuildPort over plain in-memory state, for unit tests of the pipeline and the benchmark's pure mode. It keeps
 * Discord's rules that the pipeline relies on (role positions, bans, timeouts) and can be told to fail a call with
 * a given HTTP status, the way Discord would.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import type { GuildPort, MemberInfo, UserInfo } from './guild-port.ts';

export interface MemoryMember {
  id: string;
  tag: string;
  bot?: boolean;
  roles: string[];
  timedOutUntil?: number | null;
  acceptsDms?: boolean;
}

export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class MemoryGuildPort implements GuildPort {
  readonly members = new Map<string, MemoryMember>();
  readonly users = new Map<string, UserInfo>();
  /** Role id → position. */
  readonly roles = new Map<string, { position: number; managed?: boolean }>();
  readonly channels = new Set<string>();
  readonly banned = new Map<string, { deleteMessageSeconds: number; reason: string }>();
  readonly dms: { userId: string; embed: APIEmbed; at: number }[] = [];
  readonly posts: { channelId: string; messageId: string; embed: APIEmbed }[] = [];
  /** Order of calls, to check DM-before/after. */
  readonly calls: string[] = [];
  /** Method name → statuses to throw on the next calls (consumed one by one). */
  readonly failures = new Map<string, number[]>();
  private nextId = 900000000000000000n;

  constructor(
    readonly guildId: string,
    readonly guildName: string,
    readonly ownerId: string,
    readonly botUserId: string,
    private readonly botPosition: number,
  ) {
    this.users.set(botUserId, { id: botUserId, tag: 'Tux', bot: true });
  }

  addMember(m: MemoryMember): this {
    this.members.set(m.id, m);
    this.users.set(m.id, { id: m.id, tag: m.tag, bot: m.bot ?? false });
    return this;
  }

  failNext(method: string, ...statuses: number[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...statuses]);
  }

  private gate(method: string): void {
    this.calls.push(method);
    const queue = this.failures.get(method);
    const status = queue?.shift();
    if (status !== undefined) {
      const text = status === 403 ? 'Missing Permissions' : status === 404 ? 'Unknown Member' : 'Server Error';
      throw new DiscordHttpError(status, text);
    }
  }

  private id(): string {
    this.nextId += 1n;
    return String(this.nextId);
  }

  private position(roles: readonly string[]): number {
    return Math.max(0, ...roles.map((r) => this.roles.get(r)?.position ?? 0));
  }

  async botTopRolePosition(): Promise<number> {
    return this.botPosition;
  }

  async member(userId: string): Promise<MemberInfo | null> {
    const m = this.members.get(userId);
    if (!m) return null;
    return {
      id: m.id,
      tag: m.tag,
      bot: m.bot ?? false,
      roleIds: [...m.roles],
      topRolePosition: this.position(m.roles),
      timedOutUntil: m.timedOutUntil ?? null,
    };
  }

  async user(userId: string): Promise<UserInfo | null> {
    return this.users.get(userId) ?? null;
  }

  async ban(userId: string, opts: { deleteMessageSeconds: number; reason: string }): Promise<void> {
    this.gate('ban');
    this.banned.set(userId, opts);
    this.members.delete(userId);
  }

  async unban(userId: string): Promise<void> {
    this.gate('unban');
    if (!this.banned.delete(userId)) throw new DiscordHttpError(404, 'Unknown Ban');
  }

  async bans(): Promise<UserInfo[]> {
    return [...this.banned.keys()].map((id) => this.users.get(id) ?? { id, tag: id, bot: false });
  }

  async isBanned(userId: string): Promise<boolean> {
    return this.banned.has(userId);
  }

  async kick(userId: string): Promise<void> {
    this.gate('kick');
    if (!this.members.delete(userId)) throw new DiscordHttpError(404, 'Unknown Member');
  }

  async timeout(userId: string, until: number | null): Promise<void> {
    this.gate('timeout');
    const m = this.members.get(userId);
    if (!m) throw new DiscordHttpError(404, 'Unknown Member');
    m.timedOutUntil = until;
  }

  async addRoles(userId: string, roleIds: readonly string[]): Promise<void> {
    this.gate('addRoles');
    const m = this.members.get(userId);
    if (!m) throw new DiscordHttpError(404, 'Unknown Member');
    for (const r of roleIds) if (!m.roles.includes(r)) m.roles.push(r);
  }

  async removeRoles(userId: string, roleIds: readonly string[]): Promise<void> {
    this.gate('removeRoles');
    const m = this.members.get(userId);
    if (!m) throw new DiscordHttpError(404, 'Unknown Member');
    m.roles = m.roles.filter((r) => !roleIds.includes(r));
  }

  async assignableRoles(roleIds: readonly string[]): Promise<string[]> {
    return roleIds.filter((r) => {
      const role = this.roles.get(r);
      return role !== undefined && !role.managed && role.position < this.botPosition;
    });
  }

  async hasRole(roleId: string): Promise<boolean> {
    return this.roles.has(roleId);
  }

  async hasChannel(channelId: string): Promise<boolean> {
    return this.channels.has(channelId);
  }

  async sendDm(userId: string, embed: APIEmbed): Promise<boolean> {
    this.calls.push('dm');
    const m = this.members.get(userId);
    if (!m || m.acceptsDms === false) return false;
    this.dms.push({ userId, embed, at: this.calls.length });
    return true;
  }

  /** One entry per embed; the embeds of one message share its id. */
  async postEmbeds(channelId: string, embeds: readonly APIEmbed[]): Promise<string> {
    this.gate('postMessage');
    if (!this.channels.has(channelId)) throw new DiscordHttpError(404, 'Unknown Channel');
    const messageId = this.id();
    for (const embed of embeds) this.posts.push({ channelId, messageId, embed });
    return messageId;
  }

  async messageEmbeds(channelId: string, messageId: string): Promise<APIEmbed[]> {
    const posts = this.posts.filter((p) => p.channelId === channelId && p.messageId === messageId);
    if (posts.length === 0) throw new DiscordHttpError(404, 'Unknown Message');
    return posts.map((p) => p.embed);
  }

  async editMessage(channelId: string, messageId: string, embeds: readonly APIEmbed[]): Promise<void> {
    this.gate('editMessage');
    const first = this.posts.findIndex((p) => p.channelId === channelId && p.messageId === messageId);
    if (first < 0) throw new DiscordHttpError(404, 'Unknown Message');
    const rest = this.posts.filter((p) => !(p.channelId === channelId && p.messageId === messageId));
    rest.splice(first, 0, ...embeds.map((embed) => ({ channelId, messageId, embed })));
    this.posts.splice(0, this.posts.length, ...rest);
  }
}
