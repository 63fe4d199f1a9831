/** A minimal WAV (RIFF, PCM 16-bit mono) writer: the sandbox's audio is a real file any player opens. */

export const WAV_HEADER_BYTES = 44;

/** Wraps 16-bit samples in a canonical 44-byte RIFF/WAVE header. */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const dataBytes = samples.length * 2;
  const wav = Buffer.alloc(WAV_HEADER_BYTES + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4); // size of everything after this field
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size for PCM
  wav.writeUInt16LE(1, 20); // format: PCM
  wav.writeUInt16LE(1, 22); // channels: mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate = rate × channels × 2 bytes
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) wav.writeInt16LE(samples[i], WAV_HEADER_BYTES + i * 2);
  return wav;
}

/** A sine tone with short fades, so it starts and ends without a click. */
export function sineTone(
  frequencyHz: number,
  seconds: number,
  sampleRate: number,
  amplitude = 0.3,
): Int16Array {
  const count = Math.round(seconds * sampleRate);
  const fade = Math.min(Math.round(sampleRate * 0.01), Math.floor(count / 2));
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const envelope = Math.min(1, i / (fade || 1), (count - 1 - i) / (fade || 1));
    samples[i] = Math.round(
      Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate) * amplitude * envelope * 32767,
    );
  }
  return samples;
}
