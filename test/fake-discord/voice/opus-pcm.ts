import OpusScript from 'opusscript';

/** Decoded audio: 48 kHz mono signed 16-bit samples (the two channels averaged). */
export interface DecodedPcm {
  sampleRate: 48000;
  samples: Int16Array;
}

/** Decodes opus frames (20 ms, stereo, as @discordjs/voice sends them) to 48 kHz mono PCM. */
export function decodeOpusFrames(frames: Buffer[]): DecodedPcm {
  const decoder = new OpusScript(48000, 2, OpusScript.Application.AUDIO);
  const parts: Int16Array[] = [];
  let total = 0;
  try {
    for (const frame of frames) {
      const stereo = decoder.decode(frame);
      const view = new Int16Array(stereo.buffer, stereo.byteOffset, stereo.byteLength / 2);
      const mono = new Int16Array(view.length / 2);
      for (let i = 0; i < mono.length; i++) mono[i] = (view[2 * i]! + view[2 * i + 1]!) >> 1;
      parts.push(mono);
      total += mono.length;
    }
  } finally {
    decoder.delete();
  }
  const samples = new Int16Array(total);
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length;
  }
  return { sampleRate: 48000, samples };
}

/** Root-mean-square level of the samples (0..32767). */
export function rms(samples: Int16Array): number {
  if (!samples.length) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** The frequency estimated from upward zero crossings, in Hz (0 for silence). */
export function zeroCrossingHz(samples: Int16Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return samples.length ? (crossings * sampleRate) / samples.length : 0;
}

/** Relative power at one frequency (Goertzel), normalised by the signal's energy: near 0.5 for a pure tone. */
export function goertzelPower(samples: Int16Array, sampleRate: number, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const sample of samples) {
    const s0 = sample + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += sample * sample;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return energy ? power / (energy * samples.length) : 0;
}
