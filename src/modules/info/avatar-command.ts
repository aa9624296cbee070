/**
 * `avatar [member]`: the member's server avatar and global avatar, downloaded and re-uploaded as files (so they stay
 * after the member changes them), as Tux does.
 */
import type { GuildMember } from 'discord.js';
import { arg, defineCommand, UserError } from '#discord/commands/index.ts';

const DOWNLOAD_TIMEOUT_MS = 15_000;
const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/gif': 'gif',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** The server avatar first, then the global one; animated ones stay GIFs. */
export function avatarUrls(member: GuildMember): { name: string; url: string }[] {
  const out: { name: string; url: string }[] = [];
  const guild = member.avatarURL({ extension: 'png', size: 1024 });
  if (guild) out.push({ name: 'server_avatar', url: guild });
  const global = member.user.avatarURL({ extension: 'png', size: 1024 });
  if (global) out.push({ name: 'avatar', url: global });
  return out;
}

async function download(name: string, url: string): Promise<{ attachment: Buffer; name: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  return { attachment: Buffer.from(await res.arrayBuffer()), name: `${name}.${EXTENSIONS[type] ?? 'png'}` };
}

export const avatarCommand = defineCommand({
  name: 'avatar',
  aliases: ['av', 'pfp'],
  description: "A member's server avatar and global avatar, as files",
  category: 'Info',
  defaultRank: 0,
  guildOnly: true,
  examples: ['avatar', 'avatar @alice'],
  args: { member: arg.member({ description: 'Whose avatar (default: yours)', optional: true }) },
  async run(ctx, { member }) {
    const target = member ?? ctx.member;
    if (!target) throw new UserError('avatar.guild_only', 'This command can only be used in servers.');
    const urls = avatarUrls(target);
    if (urls.length === 0) {
      const self = target.id === ctx.user.id;
      await ctx.reply({
        content: self ? 'You have no avatar.' : `${target.displayName} has no avatar.`,
        ephemeral: true,
      });
      return;
    }
    const files = await Promise.all(urls.map((u) => download(u.name, u.url))).catch(() => null);
    if (!files) throw new UserError('avatar.download', "I couldn't download the avatar from Discord. Try again later.");
    await ctx.reply({ files, allowedMentions: { parse: [] } });
  },
});
