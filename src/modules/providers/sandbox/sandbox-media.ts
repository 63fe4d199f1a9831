/**
 * The sandbox's media: real PNGs, animated GIFs and WAVs, drawn from a hash of the prompt and params.
 * Pictures use shapes, not the prompt's text: rendered text depends on the host's fonts, which would make the
 * bytes differ between machines.
 */
import sharp from 'sharp';
import { colourOf, seedOf } from './sandbox-seed';
import { encodeWav, sineTone } from './wav';

export interface ImageSpec {
  prompt: string;
  index: number;
  width: number;
  height: number;
  seed?: number;
}

export interface VideoSpec {
  prompt: string;
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  /** A given first-frame URL only varies the drawing: the sandbox never fetches anything. */
  imageUrl?: string;
}

/** Keeps sandbox videos small whatever duration × fps asks for; frame delays stretch to keep the duration. */
const MAX_VIDEO_FRAMES = 24;
const AUDIO_SAMPLE_RATE = 8000;

export async function drawImage(spec: ImageSpec): Promise<Buffer> {
  const [a, b, c, d] = seedOf('image', spec.prompt, spec.index, spec.seed ?? null);
  const svg = scene(spec.width, spec.height, [a, b, c], (d % 1000) / 1000);
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function drawVideo(spec: VideoSpec): Promise<Buffer> {
  const frames = Math.max(2, Math.min(MAX_VIDEO_FRAMES, spec.durationSeconds * spec.fps));
  const delayMs = Math.round((spec.durationSeconds * 1000) / frames);
  const [a, b, c] = seedOf('video', spec.prompt, spec.imageUrl ?? null);
  const pictures = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp(Buffer.from(scene(spec.width, spec.height, [a, b, c], i / frames)))
        .png()
        .toBuffer(),
    ),
  );
  return sharp(pictures, { join: { animated: true } })
    .gif({ loop: 0, delay: new Array<number>(frames).fill(delayMs), keepDuplicateFrames: true })
    .toBuffer();
}

/** A tone between 220 and 880 Hz chosen by the prompt. */
export function makeAudio(prompt: string, durationSeconds: number): Buffer {
  const [a] = seedOf('audio', prompt);
  const frequency = 220 + (a % 661);
  return encodeWav(sineTone(frequency, durationSeconds, AUDIO_SAMPLE_RATE), AUDIO_SAMPLE_RATE);
}

/** A two-colour gradient with a disc whose position follows `phase` (0-1), so frames of a video differ. */
function scene(width: number, height: number, [a, b, c]: number[], phase: number): string {
  const radius = Math.max(4, Math.round(Math.min(width, height) / 6));
  const cx = Math.round(radius + phase * (width - 2 * radius));
  const cy = Math.round(height / 2 + Math.sin(phase * 2 * Math.PI) * (height / 2 - radius));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${colourOf(a)}"/><stop offset="1" stop-color="${colourOf(b)}"/>
  </linearGradient></defs>
  <rect width="${width}" height="${height}" fill="url(#g)"/>
  <circle cx="${cx}" cy="${cy}" r="${radius}" fill="${colourOf(c)}"/>
</svg>`;
}
