import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import { dispatch, type FakeContext } from './context.ts';
import type { ControlRuntime } from './control-ops.ts';
import { emitMemberUpdate } from './member-ops.ts';

/**
 * The CDN for avatars: `/avatars/{user}/{hash}.{ext}` and `/guilds/{guild}/users/{user}/avatars/{hash}.{ext}`, as
 * discord.js builds them from `rest.cdn` (any extension and `?size=` give the stored bytes). The files live in the
 * same store as uploaded attachments, under `cdn/...` keys.
 */

const CDN_PATH = /^\/(avatars\/\d+|guilds\/\d+\/users\/\d+\/avatars)\/(a_)?([0-9a-f]{32})\.(png|webp|jpg|jpeg|gif)$/;

const cdnKey = (dir: string, hash: string) => `cdn/${dir}/${hash}`;

/** Answers a CDN request; false when the path is not a CDN path. */
export function serveCdn(ctx: FakeContext, pathname: string, response: ServerResponse): boolean {
  const m = CDN_PATH.exec(pathname);
  if (!m) return false;
  const file = ctx.attachments.get(cdnKey(m[1]!, `${m[2] ?? ''}${m[3]}`));
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('404: Not Found');
    return true;
  }
  response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length });
  response.end(file.data);
  return true;
}

/** A small solid-colour PNG (16×16), for avatars a test does not care to draw. */
export function solidPng(rgb: [number, number, number], size = 16): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface SetAvatarInput {
  userId: string;
  /** Set for a server avatar (the member's own in that guild); else the user's global avatar. */
  guildId?: string;
  /** The image, base64; default a solid PNG in `color`. Null removes the avatar. */
  image?: string | null;
  contentType?: string;
  color?: [number, number, number];
}

export const cdnControlOps = {
  /**
   * Gives a user a global avatar, or a member a server avatar, served by the CDN; GUILD_MEMBER_UPDATE follows in
   * each guild the change shows in (the bot's own global avatar: USER_UPDATE).
   */
  setAvatar: (rt: ControlRuntime, input: SetAvatarInput): { hash: string | null; url: string | null } => {
    const { ctx } = rt;
    const { world } = ctx;
    const user = world.user(input.userId);
    let hash: string | null = null;
    let url: string | null = null;
    if (input.image !== null) {
      const data = input.image ? Buffer.from(input.image, 'base64') : solidPng(input.color ?? [80, 120, 200]);
      const contentType = input.contentType ?? 'image/png';
      hash = createHash('md5').update(data).digest('hex');
      const dir = input.guildId ? `guilds/${input.guildId}/users/${user.id}/avatars` : `avatars/${user.id}`;
      ctx.attachments.set(cdnKey(dir, hash), { data, contentType });
      url = `${ctx.baseUrl()}/${dir}/${hash}.png`;
    }
    if (input.guildId) {
      const guild = world.guild(input.guildId);
      world.member(guild, user.id).avatar = hash;
      emitMemberUpdate(ctx, guild, user.id);
    } else {
      (user as { avatar: string | null }).avatar = hash;
      if (user.id === world.botId) dispatch(ctx, 'USER_UPDATE', user);
      for (const guild of world.guilds.values()) if (guild.members.has(user.id)) emitMemberUpdate(ctx, guild, user.id);
    }
    return { hash, url };
  },
};
