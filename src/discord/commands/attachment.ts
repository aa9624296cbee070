/**
 * A file given to a command: by slash, the attachment option's upload; by prefix, a file attached to the message.
 * Plain data, the same for both faces.
 */
export interface CommandAttachment {
  readonly id: string;
  /** Where the file can be downloaded (Discord's CDN). */
  readonly url: string;
  /** The file name as uploaded ("photo.png"). */
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  /** The MIME type Discord reports ("image/png"), or null when it reports none. */
  readonly contentType: string | null;
  /** Pixels, for images and videos; null otherwise. */
  readonly width: number | null;
  readonly height: number | null;
}

/** The fields of a discord.js `Attachment` (message or interaction) that a command gets. */
export interface AttachmentLike {
  id: string;
  url: string;
  name: string;
  size: number;
  contentType: string | null;
  width: number | null;
  height: number | null;
}

export function toCommandAttachment(a: AttachmentLike): CommandAttachment {
  return {
    id: a.id,
    url: a.url,
    name: a.name,
    size: a.size,
    contentType: a.contentType ?? null,
    width: a.width ?? null,
    height: a.height ?? null,
  };
}
