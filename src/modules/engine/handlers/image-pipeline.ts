/**
 * Runs image ops strictly in the listed order. sharp applies the operations of one pipeline in its own fixed
 * order (and keeps only the last resize), so each op gets its own pass over raw pixels, which is lossless.
 * Every pass is bounded by `maxBytes` (MAX_MEDIA_BYTES) before it runs: a free node can never make the server
 * hold more pixels than that, however small its input (a 16×16 PNG resized to 16384×16384 would be 1 GiB).
 */
import sharp, { Sharp } from 'sharp';
import { DEFAULT_OUTPUT_LIMITS } from '../../../config/output-limits';
import { mediaTooLarge } from '../output-size';
import {
  applyImageOp,
  CONTENT_TYPE_BY_FORMAT,
  encodeImage,
  ImageOp,
  MAX_RAW_BYTES_PER_PIXEL,
  outputEncoding,
  PixelSize,
  sizeAfter,
} from './image-ops';

interface Pixels {
  data: Buffer;
  raw?: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

function open({ data, raw }: Pixels, maxPixels: number): Sharp {
  return raw
    ? sharp(data, { raw, limitInputPixels: maxPixels })
    : sharp(data, { limitInputPixels: maxPixels });
}

function assertPixelsWithin(size: PixelSize, maxBytes: number): void {
  const bytes = size.width * size.height * MAX_RAW_BYTES_PER_PIXEL;
  if (bytes > maxBytes)
    throw mediaTooLarge(`the image (${size.width}×${size.height} pixels)`, bytes, maxBytes);
}

export async function transformImage(
  input: Buffer,
  ops: ImageOp[],
  maxBytes = DEFAULT_OUTPUT_LIMITS.maxMediaBytes,
): Promise<{ data: Buffer; contentType: string }> {
  const maxPixels = Math.max(1, Math.floor(maxBytes / MAX_RAW_BYTES_PER_PIXEL));
  const metadata = await sharp(input).metadata();
  let size: PixelSize = { width: metadata.width ?? 0, height: metadata.height ?? 0 };
  assertPixelsWithin(size, maxBytes);
  const encoding = outputEncoding(ops, metadata);
  let pixels: Pixels = { data: input };
  for (const op of ops) {
    if (op.op === 'format') continue;
    size = sizeAfter(op, size);
    assertPixelsWithin(size, maxBytes);
    const { data, info } = await applyImageOp(open(pixels, maxPixels), op)
      .raw()
      .toBuffer({ resolveWithObject: true });
    pixels = { data, raw: { width: info.width, height: info.height, channels: info.channels } };
    size = { width: info.width, height: info.height };
  }
  const data = await encodeImage(open(pixels, maxPixels), encoding).toBuffer();
  if (data.length > maxBytes) throw mediaTooLarge('the image', data.length, maxBytes);
  return { data, contentType: CONTENT_TYPE_BY_FORMAT[encoding.format] };
}
