import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((name) => join('docs', name))].filter(
  (file) => file.endsWith('.md'),
);

/** Markdown links `[text](target)` of a file, code blocks left out. */
function linksOf(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
}

/** The README and docs/ stand on their own: every link is a file of this repository that exists. */
describe('README and docs links', () => {
  it('finds the docs', () => {
    expect(FILES).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/api-reference.md',
        'docs/workflows.md',
        'docs/webhooks.md',
        'docs/deployment.md',
      ]),
    );
  });

  it.each(FILES)('%s links only to files in the repository', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text).not.toMatch(/shared\/API\.md|\.\.\/shared/);
    for (const link of linksOf(text)) {
      if (link.startsWith('#')) continue;
      expect([link, /^[a-z]+:/i.test(link)]).toEqual([link, false]);
      const target = resolve(dirname(join(ROOT, file)), link.split('#')[0]);
      expect([link, relative(ROOT, target).startsWith('..'), existsSync(target)]).toEqual([
        link,
        false,
        true,
      ]);
    }
  });
});
