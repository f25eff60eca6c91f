import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { localAssignment, moduleConstants } from './assignments.js';
import { dottedName } from './calls.js';
import { imports, nameIs, qualify } from './imports.js';
import { numberValue, stringValue } from './literals.js';
import { binary, callValue } from './value-ops.js';
import type { Loc, Value } from './value-types.js';

export type { Loc, Value } from './value-types.js';

import type { PyProject } from './project.js';
import { type SettingsClass, settingsClasses } from './settings.js';
import { ancestor, children } from './walk.js';

// Deep enough for any real chain of constants; bounded so hostile nesting ends in 'unknown', not a stack overflow.
const MAX_DEPTH = 40;

const loc = (mod: PythonModule, node: SyntaxNode): Loc => ({ path: mod.path, line: mod.line(node.from) });

/** Follows an expression to its value: constants, imports across modules, settings defaults, env reads. */
export function follow(
  project: PyProject,
  mod: PythonModule,
  node: SyntaxNode | undefined,
  depth = 0,
): Value {
  if (!node) return { kind: 'unknown', at: { path: mod.path, line: 0 } };
  if (depth > MAX_DEPTH) return { kind: 'unknown', at: loc(mod, node) };
  // Each expression is followed once: `B = A + A; C = B + B; …` would otherwise cost 2^depth.
  let memo = memos.get(mod);
  if (!memo) {
    memo = new Map();
    memos.set(mod, memo);
  }
  const key = `${node.from}:${node.to}:${node.name}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const value = evaluate(project, mod, node, depth);
  memo.set(key, value);
  return value;
}

const memos = new WeakMap<PythonModule, Map<string, Value>>();

function evaluate(project: PyProject, mod: PythonModule, node: SyntaxNode, depth: number): Value {
  const at = loc(mod, node);
  const next = (n: SyntaxNode | undefined, m = mod) => follow(project, m, n, depth + 1);
  const text = mod.text(node);
  switch (node.name) {
    case 'String':
      return { kind: 'str', value: stringValue(text), at };
    case 'FormatString':
      return node.getChild('FormatReplacement')
        ? { kind: 'fstr', text: stringValue(text), at }
        : { kind: 'str', value: stringValue(text), at };
    case 'ContinuedString': {
      const parts = children(node).map((c) => next(c));
      if (parts.every((p) => p.kind === 'str'))
        return { kind: 'str', value: parts.map((p) => (p.kind === 'str' ? p.value : '')).join(''), at };
      return { kind: 'fstr', text: '', at };
    }
    case 'Number':
      return { kind: 'num', value: numberValue(text), at };
    case 'Boolean':
      return { kind: 'bool', value: text === 'True', at };
    case 'None':
      return { kind: 'none', at };
    case 'ParenthesizedExpression':
      return next(node.firstChild?.nextSibling ?? undefined);
    case 'UnaryExpression': {
      const v = next(node.lastChild ?? undefined);
      if (v.kind === 'num' && text.startsWith('-')) return { kind: 'num', value: -v.value, at };
      return v.kind === 'num' ? v : { kind: 'unknown', at };
    }
    case 'BinaryExpression':
      return binary(node, mod, at, next);
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression':
      return {
        kind: 'list',
        items: children(node)
          .filter(isExpr)
          .map((c) => next(c)),
        at,
      };
    case 'DictionaryExpression': {
      const parts = children(node).filter(isExpr);
      const entries: [Value, Value][] = [];
      for (let i = 0; i + 1 < parts.length; i += 2) entries.push([next(parts[i]), next(parts[i + 1])]);
      return { kind: 'dict', entries, at };
    }
    case 'CallExpression':
      return callValue(mod, node, at, next);
    case 'VariableName':
      return nameValue(project, mod, node, text, at, depth);
    case 'MemberExpression':
      return memberValue(project, mod, node, at, depth);
    default:
      return { kind: 'unknown', at };
  }
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '*', '**']);
const isExpr = (n: SyntaxNode) => !PUNCT.has(n.name) && n.name !== 'for' && n.name !== 'in';

function nameValue(
  project: PyProject,
  mod: PythonModule,
  node: SyntaxNode,
  name: string,
  at: Loc,
  depth: number,
): Value {
  const local = localAssignment(mod, node, name);
  if (local) return follow(project, mod, local.value, depth + 1);
  const constant = moduleConstants(mod).get(name);
  if (constant && constant.stmt.from !== ancestor(node, 'AssignStatement')?.from)
    return constant.value ? follow(project, mod, constant.value, depth + 1) : { kind: 'unknown', at };
  const imp = imports(mod).get(name);
  if (imp?.name) {
    const target = project.module(imp.from);
    const there = target ? moduleConstants(target).get(imp.name) : undefined;
    if (target && there?.value) return follow(project, target, there.value, depth + 1);
  }
  return { kind: 'ref', name: qualify(mod, name), at };
}

/** A settings field: the environment variable of that name, falling back to the declared default. */
export function fieldValue(
  project: PyProject,
  cls: SettingsClass,
  field: string,
  depth = 0,
): Value | undefined {
  const computed = cls.computed.get(field);
  if (computed) return follow(project, cls.mod, computed, depth + 1);
  const a = cls.fields.get(field);
  if (!a) return undefined;
  const at = loc(cls.mod, a.stmt);
  let fallback = a.value ? follow(project, cls.mod, a.value, depth + 1) : undefined;
  if (fallback?.kind === 'call' && nameIs(fallback.call.name, 'Field')) {
    const d = fallback.call.kwargs.get('default') ?? fallback.call.args[0];
    const factory = fallback.call.kwargs.get('default_factory');
    fallback =
      d && d.name !== 'Ellipsis'
        ? follow(project, cls.mod, d, depth + 1)
        : factory
          ? { kind: 'unknown', at }
          : undefined;
  }
  return { kind: 'env', name: field, fallback, at };
}

function memberValue(project: PyProject, mod: PythonModule, node: SyntaxNode, at: Loc, depth: number): Value {
  if (node.getChild('[')) {
    const base = dottedName(mod, node.firstChild!);
    const key = follow(project, mod, node.getChild('String') ?? undefined, depth + 1);
    if (base && nameIs(qualify(mod, base), 'os.environ') && key.kind === 'str')
      return { kind: 'env', name: key.value, fallback: undefined, at };
    return { kind: 'unknown', at };
  }
  const attr = node.lastChild && node.lastChild.name === 'PropertyName' ? mod.text(node.lastChild) : '';
  const obj = node.firstChild;
  const classes = settingsClasses(project);
  if (obj?.name === 'VariableName' && mod.text(obj) === 'self') {
    const owner = ancestor(node, 'ClassDefinition');
    const cls = classes.find((c) => c.node.from === owner?.from && c.mod === mod);
    if (cls) return fieldValue(project, cls, attr, depth + 1) ?? { kind: 'unknown', at };
  }
  const dotted = dottedName(mod, node);
  const head = obj ? follow(project, mod, obj, depth + 1) : undefined;
  if (head?.kind === 'call') {
    const cls = classes.find((c) => c.name === head.call.name.split('.').at(-1));
    const v = cls && fieldValue(project, cls, attr, depth + 1);
    if (v) return v;
  }
  // `settings.X` where the instance comes from a factory or a parameter: a reviewer looks the field up by
  // name. Never for a module's attribute (`logging.DEBUG` is not a settings field called DEBUG).
  const imported = obj?.name === 'VariableName' ? imports(mod).get(mod.text(obj)) : undefined;
  const isModule = (imported && !imported.name) || (head?.kind === 'ref' && project.module(head.name));
  if (!isModule) {
    for (const cls of classes) {
      const v = fieldValue(project, cls, attr, depth + 1);
      if (v) return v;
    }
  }
  if (head?.kind === 'ref' && obj) {
    const target = project.module(head.name);
    const there = target ? moduleConstants(target).get(attr) : undefined;
    if (target && there?.value) return follow(project, target, there.value, depth + 1);
  }
  return dotted ? { kind: 'ref', name: qualify(mod, dotted), at } : { kind: 'unknown', at };
}
