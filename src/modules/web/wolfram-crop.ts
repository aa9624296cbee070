/**
 * Wolfram|Alpha's Simple API pictures start with an 80-pixel header (the query and the logo); Tux crops it off and
 * sends the rest as a PNG. sharp is loaded on first use only, so an appliance that never asks Wolfram never loads it.
 */

export const WOLFRAM_HEADER_PX = 80;

/** The picture without its header, as PNG; throws when the bytes are not a picture sharp can read. */
export async function cropWolframHeader(image: Buffer): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const { width, height } = await sharp(image).metadata();
  if (!width || !height) throw new Error('not an image');
  const picture = sharp(image);
  // A picture no taller than the header is sent whole rather than cropped to nothing.
  const cropped =
    height > WOLFRAM_HEADER_PX
      ? picture.extract({ left: 0, top: WOLFRAM_HEADER_PX, width, height: height - WOLFRAM_HEADER_PX })
      : picture;
  return cropped.png().toBuffer();
}
