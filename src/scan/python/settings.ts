import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { type Assignment, assignmentsIn } from './assignments.js';
import { decoratorName } from './calls.js';
import type { PyProject } from './project.js';
import { children, nodesNamed } from './walk.js';

/** A pydantic `BaseSettings` subclass: each field reads the environment and falls back to its default. */
export interface SettingsClass {
  readonly mod: PythonModule;
  readonly name: string;
  readonly node: SyntaxNode;
  readonly fields: ReadonlyMap<string, Assignment>;
  /** `@property`/`@computed_field` methods: their return expression. */
  readonly computed: ReadonlyMap<string, SyntaxNode>;
}

const baseNames = (mod: PythonModule, cls: SyntaxNode) =>
  children(cls.getChild('ArgList') ?? cls)
    .filter((c) => c.name === 'VariableName' || c.name === 'MemberExpression')
    .map((c) => mod.text(c).split('.').at(-1) ?? '');

const PROPERTY = ['property', 'computed_field', 'cached_property'];

function computedOf(mod: PythonModule, body: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const stmt of children(body)) {
    // Only properties are values of the settings object; validators and classmethods are not.
    const isProperty =
      stmt.name === 'DecoratedStatement' &&
      stmt
        .getChildren('Decorator')
        .some((d) => PROPERTY.includes(decoratorName(mod, d).split('.').at(-1) ?? ''));
    const fn = isProperty ? stmt.getChild('FunctionDefinition') : null;
    const name = fn?.getChild('VariableName');
    const ret = fn ? [...nodesNamed(fn, 'ReturnStatement')][0] : undefined;
    const expr = ret?.lastChild;
    if (name && expr && expr.name !== 'return') out.set(mod.text(name), expr);
  }
  return out;
}

const cache = new WeakMap<PyProject, SettingsClass[]>();

/** Every settings class in the project (subclasses of BaseSettings or of another settings class). */
export function settingsClasses(project: PyProject): SettingsClass[] {
  const hit = cache.get(project);
  if (hit) return hit;
  const all = project.modules.flatMap((mod) =>
    [...nodesNamed(mod.tree.topNode, 'ClassDefinition')].map((node) => ({ mod, node })),
  );
  const names = new Set<string>(['BaseSettings']);
  const out: SettingsClass[] = [];
  // Two passes catch `class Settings(CommonSettings)` declared before or after its base.
  for (let pass = 0; pass < 2; pass++) {
    for (const { mod, node } of all) {
      const name = mod.text(node.getChild('VariableName') ?? node);
      if (names.has(name) && name !== 'BaseSettings') continue;
      if (!baseNames(mod, node).some((b) => names.has(b))) continue;
      names.add(name);
      const body = node.getChild('Body');
      if (!body) continue;
      out.push({
        mod,
        name,
        node,
        fields: new Map(assignmentsIn(mod, body).map((a) => [a.name, a])),
        computed: computedOf(mod, body),
      });
    }
  }
  cache.set(project, out);
  return out;
}
