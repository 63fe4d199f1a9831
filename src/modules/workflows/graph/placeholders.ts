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
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) return '';
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  });
}
