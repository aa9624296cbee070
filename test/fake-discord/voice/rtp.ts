import { createDecipheriv } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';

/** The transport encryption modes of voice gateway v8 (Discord dropped the older xsalsa20 ones). */
export const VOICE_ENCRYPTION_MODES = ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] as const;
export type VoiceEncryptionMode = (typeof VOICE_ENCRYPTION_MODES)[number];

/** An RTP packet's header fields. */
export interface RtpHeader {
  sequence: number;
  timestamp: number;
  ssrc: number;
  payloadType: number;
}

const AUTH_TAG_LENGTH = 16;
const NONCE_SUFFIX_LENGTH = 4;

export function isRtpPacket(packet: Buffer): boolean {
  return packet.length >= 12 + AUTH_TAG_LENGTH + NONCE_SUFFIX_LENGTH && (packet[0]! & 0xc0) === 0x80;
}

export function readRtpHeader(packet: Buffer): RtpHeader {
  return {
    payloadType: packet[1]! & 0x7f,
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
  };
}

/**
 * Decrypts one `*_rtpsize` packet the way Discord does: the RTP header (and the 4-byte extension header when the X
 * bit is set) is the additional data, the last 4 bytes are the nonce counter, the 16 bytes before it the tag. The
 * extension body, if any, is encrypted with the payload and stripped here. Throws when authentication fails.
 */
export function decryptRtpPayload(packet: Buffer, mode: VoiceEncryptionMode, secretKey: Uint8Array): Buffer {
  const hasExtension = (packet[0]! & 0x10) !== 0;
  const csrcCount = packet[0]! & 0x0f;
  const headerLength = 12 + csrcCount * 4 + (hasExtension ? 4 : 0);
  const header = packet.subarray(0, headerLength);
  const nonceSuffix = packet.subarray(packet.length - NONCE_SUFFIX_LENGTH);
  const tag = packet.subarray(
    packet.length - NONCE_SUFFIX_LENGTH - AUTH_TAG_LENGTH,
    packet.length - NONCE_SUFFIX_LENGTH,
  );
  const encrypted = packet.subarray(headerLength, packet.length - NONCE_SUFFIX_LENGTH - AUTH_TAG_LENGTH);
  let plain: Buffer;
  if (mode === 'aead_aes256_gcm_rtpsize') {
    const nonce = Buffer.alloc(12);
    nonceSuffix.copy(nonce, 0);
    const decipher = createDecipheriv('aes-256-gcm', secretKey, nonce);
    decipher.setAAD(header);
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  } else {
    const nonce = Buffer.alloc(24);
    nonceSuffix.copy(nonce, 0);
    plain = Buffer.from(xchacha20poly1305(secretKey, nonce, header).decrypt(Buffer.concat([encrypted, tag])));
  }
  if (hasExtension) {
    const words = packet.readUInt16BE(headerLength - 2);
    plain = plain.subarray(words * 4);
  }
  return plain;
}
