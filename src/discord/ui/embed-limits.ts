/** Discord's limits on one message's embeds, shared by everything that batches log posts. */
import type { APIEmbed } from 'discord-api-types/v10';

export const MAX_EMBEDS_PER_MESSAGE = 10;
export const MAX_EMBED_CHARS_PER_MESSAGE = 6000;

/** The characters Discord counts towards a message's 6000. */
export function embedChars(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0);
  n += (e.author?.name.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}
