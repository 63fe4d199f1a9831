import sharp from 'sharp';
import { drawImage, drawVideo, makeAudio } from './sandbox-media';

describe('sandbox media', () => {
  it('draws a PNG of exactly the requested size', async () => {
    const png = await drawImage({ prompt: 'a red fox', index: 0, width: 320, height: 200 });
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 320, height: 200 });
  });

  it('is deterministic, and varies with prompt, index and seed', async () => {
    const spec = { prompt: 'a red fox', index: 0, width: 64, height: 64 };
    const first = await drawImage(spec);
    expect((await drawImage(spec)).equals(first)).toBe(true);
    expect((await drawImage({ ...spec, prompt: 'a blue fox' })).equals(first)).toBe(false);
    expect((await drawImage({ ...spec, index: 1 })).equals(first)).toBe(false);
    expect((await drawImage({ ...spec, seed: 7 })).equals(first)).toBe(false);
  });

  it('draws an animated GIF with one frame per fps tick and the right total duration', async () => {
    const gif = await drawVideo({ prompt: 'waves', durationSeconds: 3, width: 96, height: 64, fps: 2 });
    const meta = await sharp(gif, { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(6);
    expect(meta.width).toBe(96);
    expect(meta.pageHeight).toBe(64);
    expect(meta.delay!.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(
      (await drawVideo({ prompt: 'waves', durationSeconds: 3, width: 96, height: 64, fps: 2 })).equals(gif),
    ).toBe(true);
  });

  it('caps the number of frames for long videos but keeps the duration', async () => {
    const gif = await drawVideo({ prompt: 'long', durationSeconds: 30, width: 64, height: 64, fps: 4 });
    const meta = await sharp(gif, { animated: true }).metadata();
    expect(meta.pages).toBe(24);
    expect(meta.delay!.reduce((a, b) => a + b, 0)).toBe(30000);
  });

  it('makes a WAV of the requested duration at 8 kHz, tone chosen by the prompt', () => {
    const wav = makeAudio('birdsong', 3);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    const rate = wav.readUInt32LE(24);
    const dataBytes = wav.readUInt32LE(40);
    expect(rate).toBe(8000);
    expect(dataBytes / (rate * 2)).toBe(3);
    expect(makeAudio('birdsong', 3).equals(wav)).toBe(true);
    expect(makeAudio('thunder', 3).equals(wav)).toBe(false);
  });
});
