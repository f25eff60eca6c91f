import type { PythonModule } from '../readers/python.js';
import { moduleName } from './project.js';
import { children, nodesNamed } from './walk.js';

/** One imported name: what it stands for (`sqlalchemy.create_engine`) and where (module, name) it comes from. */
export interface Imported {
  qualified: string;
  from: string;
  name: string | undefined;
}

const cache = new WeakMap<PythonModule, Map<string, Imported>>();

function absolute(mod: PythonModule, dots: number, dotted: string): string {
  if (dots === 0) return dotted;
  const pkg = moduleName(mod.path).split('.');
  if (!mod.path.endsWith('__init__.py')) pkg.pop();
  const base = pkg.slice(0, pkg.length - (dots - 1));
  return [...base, ...(dotted ? [dotted] : [])].join('.');
}

/** Local name → what it was imported as, for every import statement in the module (any depth). */
export function imports(mod: PythonModule): Map<string, Imported> {
  const hit = cache.get(mod);
  if (hit) return hit;
  const map = new Map<string, Imported>();
  for (const stmt of nodesNamed(mod.tree.topNode, 'ImportStatement')) {
    const parts = children(stmt);
    const isFrom = parts[0]?.name === 'from';
    let i = 1;
    let dots = 0;
    let source = '';
    if (isFrom) {
      for (; i < parts.length && parts[i]?.name !== 'import'; i++) {
        const p = parts[i]!;
        if (p.name === '.' && !source) dots++;
        else if (p.name === 'Ellipsis') dots += 3;
        else source += mod.text(p);
      }
      i++;
      source = absolute(mod, dots, source);
    }
    // Names are comma-separated, each `a.b.c` optionally followed by `as alias`.
    let dotted = '';
    let alias: string | undefined;
    const flush = () => {
      if (!dotted) return;
      if (isFrom) map.set(alias ?? dotted, { qualified: `${source}.${dotted}`, from: source, name: dotted });
      else if (alias) map.set(alias, { qualified: dotted, from: dotted, name: undefined });
      else {
        const head = dotted.split('.')[0]!;
        map.set(head, { qualified: head, from: head, name: undefined });
      }
      dotted = '';
      alias = undefined;
    };
    for (; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === ',') flush();
      else if (p.name === 'as') alias = mod.text(parts[++i]!);
      else if (p.name === 'VariableName' || p.name === '.') dotted += mod.text(p);
    }
    flush();
  }
  cache.set(mod, map);
  return map;
}

/** A dotted name as written (`sa.create_engine`) with its head replaced by what it was imported as. */
export function qualify(mod: PythonModule, dotted: string): string {
  const [head, ...rest] = dotted.split('.');
  const imp = imports(mod).get(head ?? '');
  return imp ? [imp.qualified, ...rest].join('.') : dotted;
}

/** Whether a qualified name is `suffix` or ends with `.suffix` (`sqlalchemy.create_engine` ~ `create_engine`). */
export const nameIs = (qualified: string, ...suffixes: string[]) =>
  suffixes.some((s) => qualified === s || qualified.endsWith(`.${s}`));
