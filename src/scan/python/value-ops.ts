import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { callAt } from './calls.js';
import { nameIs } from './imports.js';
import type { Loc, Value } from './value-types.js';
import { children } from './walk.js';

const PASS_THROUGH = ['str', 'int', 'float', 'bool', 'Secret', 'SecretStr', 'pydantic.SecretStr'];
// Calls that read the environment: os.getenv, os.environ.get, python-decouple/starlette `config(...)`.
const ENV_READERS = [
  'os.getenv',
  'os.environ.get',
  'os.environ.setdefault',
  'decouple.config',
  'environ.get',
];

export function binary(
  node: SyntaxNode,
  mod: PythonModule,
  at: Loc,
  next: (n: SyntaxNode | undefined) => Value,
): Value {
  const [l, opNode, r] = children(node);
  const op = opNode ? mod.text(opNode) : '';
  const a = next(l);
  const b = next(r);
  if (a.kind === 'num' && b.kind === 'num') {
    const ops: Record<string, (x: number, y: number) => number> = {
      '+': (x, y) => x + y,
      '-': (x, y) => x - y,
      '*': (x, y) => x * y,
      '/': (x, y) => x / y,
      '//': (x, y) => Math.floor(x / y),
      '**': (x, y) => x ** y,
    };
    const f = ops[op];
    return f ? { kind: 'num', value: f(a.value, b.value), at } : { kind: 'unknown', at };
  }
  if (op === '+' && a.kind === 'str' && b.kind === 'str')
    return { kind: 'str', value: a.value + b.value, at };
  if ((op === '+' || op === '%') && (a.kind === 'str' || a.kind === 'fstr'))
    return { kind: 'fstr', text: '', at };
  return { kind: 'unknown', at };
}

export function callValue(
  mod: PythonModule,
  node: SyntaxNode,
  at: Loc,
  next: (n: SyntaxNode | undefined) => Value,
): Value {
  const call = callAt(mod, node);
  const callee = node.firstChild;
  if (callee?.name === 'MemberExpression' && callee.firstChild?.name === 'String' && callee.lastChild) {
    if (mod.text(callee.lastChild) === 'format') return { kind: 'fstr', text: '', at };
  }
  if (!call) return { kind: 'unknown', at };
  if (nameIs(call.name, ...ENV_READERS) || call.name === 'config' || call.name === 'getenv') {
    const name = call.args[0] ? next(call.args[0]) : undefined;
    const fb = call.kwargs.get('default') ?? call.args[1];
    if (name?.kind === 'str')
      return { kind: 'env', name: name.value, fallback: fb ? next(fb) : undefined, at };
  }
  if (PASS_THROUGH.includes(call.name) && call.args.length === 1) return next(call.args[0]);
  return { kind: 'call', call, at };
}
