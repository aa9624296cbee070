import { describe, expect, it } from 'vitest';
import { DecodeError, decodeBytes, encodeText, utf8OrNull } from './base-encodings.ts';

// Expected values are Python's base64 module's output for the same input.
const vectors: [string, string, string, string][] = [
  ['hello', '68656C6C6F', 'NBSWY3DP', 'Xk~0{Zv'],
  ['Tux!', '54757821', 'KR2XQII=', 'RCRbE'],
  ['a', '61', 'ME======', 'VE'],
  ['ab', '6162', 'MFRA====', 'VPX'],
  ['abc', '616263', 'MFRGG===', 'VPaz'],
  ['🐧 penguin', 'F09F90A72070656E6775696E', '6CPZBJZAOBSW4Z3VNFXA====', '@Sl*UAaG@FXLV_A'],
];

describe('base encodings', () => {
  it.each(vectors)('encodes and decodes %s as Python does', (text, b16, b32, b85) => {
    expect(encodeText('base16', text)).toBe(b16);
    expect(encodeText('base32', text)).toBe(b32);
    expect(encodeText('base85', text)).toBe(b85);
    expect(encodeText('base64', text)).toBe(Buffer.from(text).toString('base64'));
    for (const [enc, value] of [
      ['base16', b16],
      ['base32', b32],
      ['base85', b85],
    ] as const) {
      expect(decodeBytes(enc, value).toString('utf8')).toBe(text);
    }
  });

  it("refuses invalid text with Python's reasons", () => {
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(DecodeError);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(reason(() => decodeBytes('base64', 'aGVsbG8'))).toBe('Incorrect padding');
    expect(reason(() => decodeBytes('base64', 'a'))).toMatch(/number of data characters \(1\) cannot be 1 more/);
    expect(reason(() => decodeBytes('base32', 'NBSWY3D'))).toBe('Incorrect padding');
    expect(reason(() => decodeBytes('base32', 'NBSWY3D1'))).toBe('Non-base32 digit found');
    expect(reason(() => decodeBytes('base16', '6g'))).toBe('Non-base16 digit found');
    expect(reason(() => decodeBytes('base16', '686'))).toBe('Odd-length string');
    expect(reason(() => decodeBytes('base85', '~~~~~'))).toBe('base85 overflow in hunk starting at byte 0');
    expect(reason(() => decodeBytes('base85', 'ab"cd'))).toBe('bad base85 character at position 2');
  });

  it('tells UTF-8 from other bytes', () => {
    expect(utf8OrNull(Buffer.from('héllo'))).toBe('héllo');
    expect(utf8OrNull(Buffer.from([0xff, 0xfe]))).toBeNull();
  });
});
