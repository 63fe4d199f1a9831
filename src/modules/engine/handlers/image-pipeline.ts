/**
 * Runs image ops strictly in the listed order. sharp applies the operations of one pipeline in its own fixed
 * order (and keeps only the last resize), so each op gets its own pass over raw pixels, which is lossless.
 */
import sharp, { Sharp } from 'sharp';
import { applyImageOp, CONTENT_TYPE_BY_FORMAT, encodeImage, ImageOp, outputEncoding } from './image-ops';

interface Pixels {
  data: Buffer;
  raw?: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

function open({ data, raw }: Pixels): Sharp {
  return raw ? sharp(data, { raw }) : sharp(data);
}

export async function transformImage(
  input: Buffer,
  ops: ImageOp[],
): Promise<{ data: Buffer; contentType: string }> {
  const encoding = outputEncoding(ops, await sharp(input).metadata());
  let pixels: Pixels = { data: input };
  for (const op of ops) {
    if (op.op === 'format') continue;
    const { data, info } = await applyImageOp(open(pixels), op).raw().toBuffer({ resolveWithObject: true });
    pixels = { data, raw: { width: info.width, height: info.height, channels: info.channels } };
  }
  const data = await encodeImage(open(pixels), encoding).toBuffer();
  return { data, contentType: CONTENT_TYPE_BY_FORMAT[encoding.format] };
}
