import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The house's one rule of direction (docs/architecture.md): imports between src/'s top-level parts run one way,
// and Slack is the outer edge that only the composition root (bot.ts, main.ts) looks up to.
const SRC = join(import.meta.dirname, '../../../src');

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
/** `slack` for src/slack/**, `config.ts` for a top-level file. */
const part = (file: string) => relative(SRC, file).split('/')[0]!;

const edges = new Map<string, Set<string>>();
const examples = new Map<string, string>();
for (const file of files(SRC)) {
  for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
    const target = normalize(join(dirname(file), m[1]!));
    const [a, b] = [part(file), part(target)];
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Set());
    edges.get(a)!.add(b);
    examples.set(`${a} -> ${b}`, `${relative(SRC, file)} imports ${m[1]}`);
  }
}

describe('layers of src/', () => {
  it('has no import cycle between top-level parts', () => {
    const cycles: string[] = [];
    const walk = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        const at = path.indexOf(next);
        if (at >= 0) {
          const loop = [...path.slice(at), next];
          cycles.push(loop.map((p, i) => (i ? examples.get(`${loop[i - 1]} -> ${p}`) : p)).join('; '));
        } else walk(next, [...path, next]);
      }
    };
    for (const start of edges.keys()) walk(start, [start]);
    expect(cycles).toEqual([]);
  });

  it('lets only the composition root import src/slack', () => {
    const importers = [...edges].filter(([, to]) => to.has('slack')).map(([from]) => from);
    expect(importers.sort()).toEqual(['bot.ts']);
  });
});
