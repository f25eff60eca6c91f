import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { qualify } from './imports.js';
import { children, nodesNamed } from './walk.js';

/** A call (or a decorator with arguments) with its name resolved through the module's imports. */
export interface Call {
  readonly mod: PythonModule;
  readonly node: SyntaxNode;
  /** Dotted, with import aliases resolved: `sqlalchemy.create_engine`, `app.add_middleware`. */
  readonly name: string;
  readonly args: readonly SyntaxNode[];
  readonly kwargs: ReadonlyMap<string, SyntaxNode>;
  /** Whether `*args`/`**kwargs` may add arguments nobody can see. */
  readonly spread: boolean;
  readonly line: number;
}

/**
 * `a.b.c` for a name or member chain. A call or subscript in the chain breaks it: undefined, or with `loose`
 * the attributes after it behind a `?` head (`logging.getLogger(x).setLevel` → `?.setLevel`). Iterative.
 */
export function dottedName(mod: PythonModule, node: SyntaxNode, loose = false): string | undefined {
  const parts: string[] = [];
  let at: SyntaxNode | null = node;
  while (at) {
    if (at.name === 'VariableName') {
      parts.unshift(mod.text(at));
      return parts.join('.');
    }
    const last = at.lastChild;
    if (at.name !== 'MemberExpression' || last?.name !== 'PropertyName')
      return loose && parts.length ? ['?', ...parts].join('.') : undefined;
    parts.unshift(mod.text(last));
    at = at.firstChild;
  }
  return undefined;
}

/** Positional and keyword arguments of an ArgList. */
export function argumentsOf(mod: PythonModule, argList: SyntaxNode | null) {
  const args: SyntaxNode[] = [];
  const kwargs = new Map<string, SyntaxNode>();
  let spread = false;
  const parts = argList ? children(argList) : [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.name === '(' || p.name === ')' || p.name === ',') continue;
    if (p.name === '*' || p.name === '**') {
      spread = true;
      i++;
    } else if (p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp') {
      if (parts[i + 2]) kwargs.set(mod.text(p), parts[i + 2]!);
      i += 2;
    } else args.push(p);
  }
  return { args, kwargs, spread };
}

function toCall(mod: PythonModule, node: SyntaxNode, callee: SyntaxNode | null, argList: SyntaxNode | null) {
  const written = callee ? dottedName(mod, callee, true) : undefined;
  const { args, kwargs, spread } = argumentsOf(mod, argList);
  return {
    mod,
    node,
    name: written ? qualify(mod, written) : '',
    args,
    kwargs,
    spread,
    line: mod.line(node.from),
  };
}

const cache = new WeakMap<PythonModule, Call[]>();
const byNode = new WeakMap<PythonModule, Map<string, Call>>();

/** The call a CallExpression node is (looked up, not rebuilt: values are followed through calls often). */
export function callAt(mod: PythonModule, node: SyntaxNode): Call | undefined {
  let map = byNode.get(mod);
  if (!map) {
    map = new Map(callsIn(mod).map((c) => [`${c.node.from}:${c.node.to}`, c]));
    byNode.set(mod, map);
  }
  return map.get(`${node.from}:${node.to}`);
}

/** Every call in the module, in document order. */
export function callsIn(mod: PythonModule): Call[] {
  const hit = cache.get(mod);
  if (hit) return hit;
  const out: Call[] = [];
  for (const node of nodesNamed(mod.tree.topNode, 'CallExpression'))
    out.push(toCall(mod, node, node.firstChild, node.getChild('ArgList')));
  cache.set(mod, out);
  return out;
}

/** Calls under a node (a function body, an argument). */
export function callsUnder(mod: PythonModule, node: SyntaxNode): Call[] {
  // Calls are in document order: binary-search the first one starting inside the node.
  const all = callsIn(mod);
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.node.from < node.from) lo = mid + 1;
    else hi = mid;
  }
  const out: Call[] = [];
  for (let i = lo; i < all.length && all[i]!.node.from < node.to; i++)
    if (all[i]!.node.to <= node.to) out.push(all[i]!);
  return out;
}

/** A decorator (`@app.get("/health")`) as a call, plus the function or class it decorates. */
export interface Decorator extends Call {
  readonly target: SyntaxNode | null;
}

/** A decorator's dotted name as written (`app.get`, `property`): its run of names and dots. */
export const decoratorName = (mod: PythonModule, node: SyntaxNode) =>
  children(node)
    .filter((c) => c.name === 'VariableName' || c.name === '.')
    .map((c) => mod.text(c))
    .join('');

const decorators = new WeakMap<PythonModule, Decorator[]>();

export function decoratorsIn(mod: PythonModule): Decorator[] {
  const hit = decorators.get(mod);
  if (hit) return hit;
  const out: Decorator[] = [];
  for (const node of nodesNamed(mod.tree.topNode, 'Decorator')) {
    // A decorator's name is a run of VariableName and '.' tokens (no MemberExpression), then its ArgList.
    const name = decoratorName(mod, node);
    const call = toCall(mod, node, null, node.getChild('ArgList'));
    const target =
      node.parent?.getChild('FunctionDefinition') ?? node.parent?.getChild('ClassDefinition') ?? null;
    out.push({ ...call, name: qualify(mod, name), target });
  }
  decorators.set(mod, out);
  return out;
}
