/** Tux's TTY role: `/dev/tty0` up to 128 members, else `/dev/tty{2^floor(log2(count))}`. */
export function ttyRoleName(memberCount: number): string {
  if (memberCount <= 128) return '/dev/tty0';
  return `/dev/tty${2 ** Math.floor(Math.log2(memberCount))}`;
}
