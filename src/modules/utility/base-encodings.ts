/**
 * base16, base32, base64 and base85 as Python's `base64` module does them (Tux's encode/decode used it), with its
 * strictness and its error wording: base16 is upper-case hex, base32 is RFC 4648 with padding, base64 ignores
 * characters outside its alphabet, base85 is the RFC 1924 alphabet (Python's b85encode), not Adobe's Ascii85.
 */

export type Encoding = 'base16' | 'base32' | 'base64' | 'base85';
export const ENCODINGS: readonly Encoding[] = ['base16', 'base32', 'base64', 'base85'];

/** A decode that cannot succeed; the message is Python's. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B85 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~';

function b32encode(data: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

function b32decode(text: string): Buffer {
  if (text.length % 8 !== 0) throw new DecodeError('Incorrect padding');
  const body = text.replace(/=+$/, '');
  const padding = text.length - body.length;
  if (![0, 1, 3, 4, 6].includes(padding)) throw new DecodeError('Incorrect padding');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of body) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new DecodeError('Non-base32 digit found');
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function b85encode(data: Buffer): string {
  const padded = Buffer.alloc(Math.ceil(data.length / 4) * 4);
  data.copy(padded);
  let out = '';
  for (let i = 0; i < padded.length; i += 4) {
    let n = padded.readUInt32BE(i);
    const chunk: string[] = [];
    for (let j = 0; j < 5; j++) {
      chunk.unshift(B85[n % 85] as string);
      n = Math.floor(n / 85);
    }
    out += chunk.join('');
  }
  const extra = (4 - (data.length % 4)) % 4;
  return extra ? out.slice(0, out.length - extra) : out;
}

function b85decode(text: string): Buffer {
  const extra = (5 - (text.length % 5)) % 5;
  const padded = text + '~'.repeat(extra);
  const out = Buffer.alloc((padded.length / 5) * 4);
  for (let i = 0; i < padded.length; i += 5) {
    let n = 0;
    for (let j = 0; j < 5; j++) {
      const v = B85.indexOf(padded[i + j] as string);
      if (v < 0) throw new DecodeError(`bad base85 character at position ${i + j}`);
      n = n * 85 + v;
    }
    if (n > 0xffffffff) throw new DecodeError(`base85 overflow in hunk starting at byte ${i}`);
    out.writeUInt32BE(n, (i / 5) * 4);
  }
  return out.subarray(0, out.length - extra);
}

export function encodeText(encoding: Encoding, text: string): string {
  const data = Buffer.from(text, 'utf8');
  switch (encoding) {
    case 'base16':
      return data.toString('hex').toUpperCase();
    case 'base32':
      return b32encode(data);
    case 'base64':
      return data.toString('base64');
    case 'base85':
      return b85encode(data);
  }
}

/** The decoded bytes; throws DecodeError when the text is not valid in that encoding. */
export function decodeBytes(encoding: Encoding, text: string): Buffer {
  switch (encoding) {
    case 'base16':
      if (text.length % 2) throw new DecodeError('Odd-length string');
      if (!/^[0-9A-F]*$/.test(text)) throw new DecodeError('Non-base16 digit found');
      return Buffer.from(text, 'hex');
    case 'base32':
      return b32decode(text);
    case 'base64': {
      const clean = text.replace(/[^A-Za-z0-9+/=]/g, '');
      const body = clean.replace(/=+$/, '');
      if (body.length % 4 === 1) {
        throw new DecodeError(
          `Invalid base64-encoded string: number of data characters (${body.length}) cannot be 1 more than a multiple of 4`,
        );
      }
      if (clean.length % 4 !== 0) throw new DecodeError('Incorrect padding');
      return Buffer.from(clean, 'base64');
    }
    case 'base85':
      return b85decode(text);
  }
}

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
export function utf8OrNull(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
