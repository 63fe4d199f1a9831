/** Deterministic numbers from a prompt: the same request always makes the same output, in any process. */
import { createHash } from 'node:crypto';

/** Four independent 32-bit values from the parts, joined unambiguously. */
export function seedOf(...parts: unknown[]): [number, number, number, number] {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12)];
}

/** An `#rrggbb` colour from a 32-bit value. */
export function colourOf(value: number): string {
  return `#${(value & 0xffffff).toString(16).padStart(6, '0')}`;
}
