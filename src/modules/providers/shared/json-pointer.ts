/**
 * RFC 6901 JSON pointers (`/data/resultUrls/0`), with one convenience task APIs need: a string that holds JSON
 * (a `resultJson` field) is parsed when the pointer goes on into it.
 */
export function readPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer "${pointer}" must start with "/"`);
  let current = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current === 'string') current = parseOrKeep(current);
    if (Array.isArray(current)) current = /^\d+$/.test(token) ? current[Number(token)] : undefined;
    else if (typeof current === 'object' && current !== null)
      current = (current as Record<string, unknown>)[token];
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
