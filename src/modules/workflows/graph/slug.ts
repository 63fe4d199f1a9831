/** Workflow slugs (API.md §1, §5): the shape, and making one from a name when the body gives none. */

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 64;
export const FALLBACK_SLUG = 'untitled-workflow';

export function isValidSlug(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_SLUG_LENGTH &&
    SLUG_PATTERN.test(value)
  );
}

/** Cut to `length` without leaving a hyphen at the end (which the pattern forbids). */
function truncateSlug(slug: string, length: number): string {
  return slug.slice(0, length).replace(/-+$/, '');
}

/** Latin letters that Unicode does not decompose into a base letter plus a mark. */
const LETTER_FOLDS: Record<string, string> = {
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/** "Café Déjà-Vu!" → "cafe-deja-vu". Accents are folded (NFKD, marks dropped); anything else becomes a hyphen. */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[æœøßđðłþı]/g, (letter) => LETTER_FOLDS[letter])
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return truncateSlug(slug, MAX_SLUG_LENGTH) || FALLBACK_SLUG;
}

/**
 * The n-th candidate for a taken `base`: n = 1 is `base` itself, then `base-2`, `base-3`, ...
 * The base is shortened so the result still fits in 64 characters.
 */
export function withCollisionSuffix(base: string, n: number): string {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`collision counter must be a positive integer, got ${n}`);
  if (n === 1) return base;
  const suffix = `-${n}`;
  return `${truncateSlug(base, MAX_SLUG_LENGTH - suffix.length)}${suffix}`;
}
