import { encodeWav, sineTone, WAV_HEADER_BYTES } from './wav';

describe('encodeWav', () => {
  it('writes a canonical PCM 16-bit mono header', () => {
    const wav = encodeWav(new Int16Array([0, 1000, -1000, 32767]), 8000);
    expect(wav.length).toBe(WAV_HEADER_BYTES + 8);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(wav.readUInt32LE(16)).toBe(16);
    expect(wav.readUInt16LE(20)).toBe(1); // PCM
    expect(wav.readUInt16LE(22)).toBe(1); // mono
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(28)).toBe(16000);
    expect(wav.readUInt16LE(32)).toBe(2);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(8);
    expect(wav.readInt16LE(46)).toBe(1000);
    expect(wav.readInt16LE(48)).toBe(-1000);
  });
});

describe('sineTone', () => {
  it('has one sample per tick, fades in and out, and stays within the amplitude', () => {
    const samples = sineTone(440, 2, 8000, 0.5);
    expect(samples.length).toBe(16000);
    expect(samples[0]).toBe(0);
    expect(samples[samples.length - 1]).toBe(0);
    const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(0.45 * 32767);
    expect(peak).toBeLessThanOrEqual(Math.ceil(0.5 * 32767));
  });
});
