import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { moduleConstants } from './assignments.js';
import { effective } from './kit.js';
import type { PyProject } from './project.js';
import { follow } from './values.js';
import { children } from './walk.js';

/** One Alembic revision script: its id, the ids it revises, and where `revision =` is written. */
export interface Revision {
  readonly mod: PythonModule;
  readonly id: string;
  readonly down: readonly string[];
  readonly line: number;
}

export const revisions = (project: PyProject): Revision[] =>
  project.memo('revisions', () => findRevisions(project));

function findRevisions(project: PyProject): Revision[] {
  const out: Revision[] = [];
  for (const mod of project.migrations) {
    const consts = moduleConstants(mod);
    const rev = consts.get('revision');
    const id = rev?.value ? effective(follow(project, mod, rev.value)) : undefined;
    if (id?.kind !== 'str') continue;
    const downNode = consts.get('down_revision')?.value;
    const down = downNode ? effective(follow(project, mod, downNode)) : undefined;
    const ids = down?.kind === 'str' ? [down] : down?.kind === 'list' ? down.items : [];
    out.push({
      mod,
      id: id.value,
      down: ids.flatMap((d) => (d.kind === 'str' ? [d.value] : [])),
      line: mod.line(rev!.stmt.from),
    });
  }
  return out;
}

/** Top-level function definitions of a module by name. */
export function topFunction(mod: PythonModule, name: string): SyntaxNode | undefined {
  for (const stmt of children(mod.tree.topNode)) {
    const fn = stmt.name === 'DecoratedStatement' ? stmt.getChild('FunctionDefinition') : stmt;
    if (fn?.name === 'FunctionDefinition' && mod.text(fn.getChild('VariableName') ?? fn) === name) return fn;
  }
  return undefined;
}

const EMPTY = new Set([':', 'PassStatement', 'Comment']);

/** Whether a function body does nothing: only `pass`, `...`, a docstring and comments. */
export function doesNothing(mod: PythonModule, fn: SyntaxNode): boolean {
  const body = fn.getChild('Body');
  if (!body) return true;
  return children(body).every((s) => {
    if (EMPTY.has(s.name)) return true;
    const only = s.name === 'ExpressionStatement' ? s.firstChild : null;
    return (
      !!only &&
      (only.name === 'String' || only.name === 'Ellipsis') &&
      only.to === s.to &&
      mod.text(s).length > 0
    );
  });
}
