/**
 * `{{name}}` placeholders of template, http-request url/header/body texts (API.md §5).
 * Each distinct name is one input handle of the node.
 */

/** Global, so always used through `matchAll`/`replace` (which do not share `lastIndex` state). */
const PLACEHOLDER = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

/** Unique placeholder names in order of first appearance. */
export function extractPlaceholders(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]);
  return [...names];
}

/** Strings go in as they are; anything else as JSON; a missing value renders as nothing. */
export function renderTemplate(text: string, values: Record<string, unknown>): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => renderedValue(values, name));
}

/**
 * The UTF-8 length `renderTemplate(text, values)` would have, without building it: `{{p}}` repeated 100,000
 * times must not make a 500 MB string just to learn it is too long. Counting stops once past `stopAbove`;
 * each distinct value is rendered once, however often it appears.
 */
export function renderedByteLength(
  text: string,
  values: Record<string, unknown>,
  stopAbove = Number.POSITIVE_INFINITY,
): number {
  const valueBytes = new Map<string, number>();
  let total = 0;
  let literalStart = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1];
    let bytes = valueBytes.get(name);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(renderedValue(values, name), 'utf8');
      valueBytes.set(name, bytes);
    }
    total += Buffer.byteLength(text.slice(literalStart, match.index), 'utf8') + bytes;
    literalStart = match.index + match[0].length;
    if (total > stopAbove) return total;
  }
  return total + Buffer.byteLength(text.slice(literalStart), 'utf8');
}

function renderedValue(values: Record<string, unknown>, name: string): string {
  const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
