/** A PCM WAV file (16-bit mono) holding a sine tone, for tests that play audio and check what arrives. */
export function sineWav(options: {
  seconds: number;
  frequency: number;
  amplitude?: number;
  sampleRate?: number;
}): Buffer {
  const sampleRate = options.sampleRate ?? 48_000;
  const amplitude = options.amplitude ?? 0.5;
  const count = Math.round(options.seconds * sampleRate);
  const data = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    const value = Math.round(Math.sin((2 * Math.PI * options.frequency * i) / sampleRate) * amplitude * 32767);
    data.writeInt16LE(value, i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
