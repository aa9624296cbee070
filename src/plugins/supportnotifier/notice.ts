/** The notice supportnotifier posts for a new forum post: Tux's words, with the post's tags when it has any. */

export function noticeText(threadId: string, ownerId: string | null, tags: readonly string[]): string {
  const by = ownerId ? ` by <@${ownerId}>` : '';
  const lines = [`**New support thread created** - help is appreciated!`, `<#${threadId}>${by}`];
  if (tags.length > 0) lines.push(`**Tags**: \`${tags.join(', ')}\``);
  return lines.join('\n');
}

/** A random embed colour, as Tux gives each notice. */
export function randomColour(random: () => number = Math.random): number {
  return Math.floor(random() * 0x1000000) & 0xffffff;
}
