import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { ancestor, children, nodesNamed } from './walk.js';

/** One `name = value` (or `name: T = value`, or `name: T` with no value). */
export interface Assignment {
  readonly name: string;
  readonly stmt: SyntaxNode;
  readonly value: SyntaxNode | undefined;
}

/** The assignment a statement makes to a single name, or undefined for tuple targets, `+=`, subscripts. */
export function assignmentOf(mod: PythonModule, stmt: SyntaxNode): Assignment | undefined {
  const parts = children(stmt);
  const target = parts[0];
  if (target?.name !== 'VariableName') return undefined;
  const next = parts[1]?.name;
  if (next !== 'AssignOp' && next !== 'TypeDef') return undefined;
  let op = -1;
  for (let i = 1; i < parts.length; i++) if (parts[i]?.name === 'AssignOp') op = i;
  if (op >= 0 && mod.text(parts[op]!) !== '=') return undefined;
  return { name: mod.text(target), stmt, value: op >= 0 ? parts[op + 1] : undefined };
}

/** Assignments directly in a Body (or the Script): the statements, not nested blocks. */
export function assignmentsIn(mod: PythonModule, body: SyntaxNode): Assignment[] {
  const out: Assignment[] = [];
  for (const stmt of children(body)) {
    const list = stmt.name === 'StatementGroup' ? children(stmt) : [stmt];
    for (const s of list) {
      const a = s.name === 'AssignStatement' ? assignmentOf(mod, s) : undefined;
      if (a) out.push(a);
    }
  }
  return out;
}

const moduleCache = new WeakMap<PythonModule, Map<string, Assignment>>();

/** Module-level names: the last top-level assignment of each. */
export function moduleConstants(mod: PythonModule): Map<string, Assignment> {
  const hit = moduleCache.get(mod);
  if (hit) return hit;
  const map = new Map(assignmentsIn(mod, mod.tree.topNode).map((a) => [a.name, a]));
  moduleCache.set(mod, map);
  return map;
}

/** The last assignment to `name` inside the function enclosing `at`, before `at`. */
export function localAssignment(mod: PythonModule, at: SyntaxNode, name: string): Assignment | undefined {
  const fn = ancestor(at, 'FunctionDefinition', 'LambdaExpression');
  const body = fn?.getChild('Body');
  if (!body) return undefined;
  let found: Assignment | undefined;
  for (const stmt of nodesNamed(body, 'AssignStatement')) {
    if (stmt.to > at.from) break;
    const a = assignmentOf(mod, stmt);
    if (a?.name === name) found = a;
  }
  return found;
}
