import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A fresh clone has only the repository: the README and the design notes may point only inside it.
const repo = resolve(import.meta.dirname, '../../..');
const docs = ['README.md', 'docs/architecture.md'];

describe.each(docs)('%s', (doc) => {
  const text = readFileSync(join(repo, doc), 'utf8');

  it('links only files that exist in the repository', () => {
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1]!)
      .filter((t) => !/^[a-z]+:/i.test(t));
    const missing = targets.filter((t) => {
      const abs = resolve(dirname(join(repo, doc)), t);
      return !abs.startsWith(`${repo}/`) || !existsSync(abs);
    });
    expect(missing).toEqual([]);
  });

  it('names no path outside the repository', () => {
    expect(text).not.toMatch(/\.\.\/shared|`\.\.\//);
  });
});
