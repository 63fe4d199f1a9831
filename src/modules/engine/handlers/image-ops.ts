/** The `image-transform` ops of API.md §5 mapped onto sharp calls, and the choice of output encoding. */
import type { FitEnum, Metadata, Sharp } from 'sharp';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'avif' | 'gif';

export type ImageOp =
  | { op: 'resize'; width?: number; height?: number; fit?: keyof FitEnum }
  | { op: 'crop'; left: number; top: number; width: number; height: number }
  | { op: 'rotate'; angle: number }
  | { op: 'grayscale' }
  | { op: 'blur'; sigma?: number }
  | { op: 'format'; format: 'png' | 'jpeg' | 'webp' | 'avif'; quality?: number };

export interface OutputEncoding {
  format: ImageFormat;
  quality?: number;
}

export const CONTENT_TYPE_BY_FORMAT: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

const KNOWN_OPS = new Set(['resize', 'crop', 'rotate', 'grayscale', 'blur', 'format']);

/** `data.ops` as a list of ops; anything else is a node error rather than a silent no-op. */
export function parseImageOps(value: unknown): ImageOp[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('image-transform ops must be a list');
  return value.map((op, index) => {
    const name = (op as { op?: unknown })?.op;
    if (typeof name !== 'string' || !KNOWN_OPS.has(name)) {
      throw new Error(`image-transform ops[${index}]: unknown op ${JSON.stringify(name)}`);
    }
    return op as ImageOp;
  });
}

/** One pixel op on the pipeline; `format` is not a pixel op (see outputEncoding). */
export function applyImageOp(image: Sharp, op: ImageOp): Sharp {
  switch (op.op) {
    case 'resize':
      return image.resize({ width: op.width, height: op.height, fit: op.fit });
    case 'crop':
      return image.extract({ left: op.left, top: op.top, width: op.width, height: op.height });
    case 'rotate':
      return image.rotate(op.angle);
    case 'grayscale':
      return image.grayscale();
    case 'blur':
      return op.sigma === undefined ? image.blur() : image.blur(op.sigma);
    case 'format':
      return image;
  }
}

export interface PixelSize {
  width: number;
  height: number;
}

/** Bytes of raw pixels per pixel at most: sharp's raw output is 8-bit, with up to 4 channels (RGBA). */
export const MAX_RAW_BYTES_PER_PIXEL = 4;

/**
 * The size an op leaves the image at, known before it runs, so a pass that would hold too many pixels is refused
 * before sharp allocates them. An upper bound where rounding or a rotation's bounding box leaves a pixel either way.
 */
export function sizeAfter(op: ImageOp, size: PixelSize): PixelSize {
  switch (op.op) {
    case 'resize':
      return resizedSize(op, size);
    case 'crop':
      return { width: op.width, height: op.height };
    case 'rotate': {
      const radians = (op.angle * Math.PI) / 180;
      const cos = Math.abs(Math.cos(radians));
      const sin = Math.abs(Math.sin(radians));
      return {
        width: Math.ceil(size.width * cos + size.height * sin),
        height: Math.ceil(size.width * sin + size.height * cos),
      };
    }
    default:
      return size;
  }
}

/** sharp's rules: one dimension keeps the aspect ratio; both fill the box, or fit inside/outside it. */
function resizedSize(op: Extract<ImageOp, { op: 'resize' }>, { width, height }: PixelSize): PixelSize {
  const scaled = (scale: number) => ({
    width: Math.max(1, Math.ceil(width * scale)),
    height: Math.max(1, Math.ceil(height * scale)),
  });
  if (op.height === undefined) return { ...scaled((op.width ?? width) / width), width: op.width ?? width };
  if (op.width === undefined) return { ...scaled(op.height / height), height: op.height };
  if (op.fit === 'inside') return scaled(Math.min(op.width / width, op.height / height));
  if (op.fit === 'outside') return scaled(Math.max(op.width / width, op.height / height));
  return { width: op.width, height: op.height };
}

/**
 * The last `format` op wins; without one the input's format is kept when it is one the media store can
 * serve under its own content type (TIFF, SVG, HEIC... are not), else PNG.
 */
export function outputEncoding(
  ops: ImageOp[],
  input: Pick<Metadata, 'format' | 'compression'>,
): OutputEncoding {
  const formatOp = ops.filter((op) => op.op === 'format').pop();
  if (formatOp) return { format: formatOp.format, quality: formatOp.quality };
  return { format: keptInputFormat(input) ?? 'png' };
}

function keptInputFormat({
  format,
  compression,
}: Pick<Metadata, 'format' | 'compression'>): ImageFormat | undefined {
  if (format === 'heif') return compression === 'av1' ? 'avif' : undefined; // sharp reports AVIF as HEIF/AV1
  return format && format in CONTENT_TYPE_BY_FORMAT ? (format as ImageFormat) : undefined;
}

export function encodeImage(image: Sharp, { format, quality }: OutputEncoding): Sharp {
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality });
    case 'webp':
      return image.webp({ quality });
    case 'avif':
      return image.avif({ quality });
    case 'gif':
      return image.gif();
    case 'png':
      return image.png(); // PNG is lossless; a quality setting has nothing to act on
  }
}
