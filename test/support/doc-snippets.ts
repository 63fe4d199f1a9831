import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DOCS = resolve(__dirname, '../../docs');

/**
 * The fenced code block that follows `<!-- snippet: NAME -->` (or `<!-- example: NAME -->`) in a docs/ file, so
 * tests run what the docs show rather than a copy that can drift.
 */
export function docSnippet(file: string, name: string): string {
  const text = readFileSync(join(DOCS, file), 'utf8');
  const marker = new RegExp(`<!-- (?:snippet|example): ${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``);
  const match = marker.exec(text);
  if (!match) throw new Error(`docs/${file} has no snippet named ${name}`);
  return match[1];
}
