import type { PythonModule } from '../readers/python.js';
import { type RepoView, result } from '../types.js';
import { assignmentsIn } from './assignments.js';
import { argumentsOf, type Call, callAt, callsIn, callsUnder } from './calls.js';
import { nameIs } from './imports.js';
import { effective, noPython, truthy } from './kit.js';
import { type PyProject, pythonProject } from './project.js';
import { follow } from './values.js';
import { children, nodesNamed } from './walk.js';

/** A mapped column of an ORM model (SQLAlchemy `Column`/`mapped_column`, SQLModel `Field`). */
export interface ModelColumn {
  readonly mod: PythonModule;
  readonly model: string;
  /** The model and the table classes inheriting this column (SQLModel `class User(UserBase, table=True)`). */
  readonly models: readonly string[];
  readonly name: string;
  readonly call: Call;
  /** The referenced `table.column` when the column is a foreign key. */
  readonly fk: string | undefined;
  readonly indexed: boolean;
  readonly unique: boolean;
}

const COLUMN = ['Column', 'mapped_column', 'sqlmodel.Field'];

export const modelColumns = (project: PyProject): ModelColumn[] =>
  project.memo('model-columns', () => findColumns(project));

/**
 * The project and its model columns for the model checks, or the unknown verdict each of them gives without
 * Python source or without a model.
 */
export function readModels(
  repo: RepoView,
): { project: PyProject; columns: ModelColumn[] } | { unknown: ReturnType<typeof noPython> } {
  const project = pythonProject(repo);
  if (!project.modules.length) return { unknown: noPython() };
  const columns = modelColumns(project);
  if (!columns.length)
    return {
      unknown: result(
        'unknown',
        'no ORM models found',
        'No Column, mapped_column or SQLModel Field in a table class.',
        '',
      ),
    };
  return { project, columns };
}

function findColumns(project: PyProject): ModelColumn[] {
  const out: ModelColumn[] = [];
  for (const mod of project.modules) {
    const classes = [...nodesNamed(mod.tree.topNode, 'ClassDefinition')];
    const tables = classes.filter((c) => {
      const table = argumentsOf(mod, c.getChild('ArgList')).kwargs.get('table');
      return table?.name === 'Boolean' && mod.text(table) === 'True';
    });
    // SQLModel table classes inherit fields from their (non-table) bases.
    const bases = new Set(
      tables.flatMap((c) => children(c.getChild('ArgList') ?? c).map((b) => mod.text(b))),
    );
    for (const cls of classes) {
      const model = mod.text(cls.getChild('VariableName') ?? cls);
      const body = cls.getChild('Body');
      if (!body) continue;
      const isTable = tables.includes(cls) || bases.has(model);
      const heirs = tables
        .filter((t) => children(t.getChild('ArgList') ?? t).some((b) => mod.text(b) === model))
        .map((t) => mod.text(t.getChild('VariableName') ?? t));
      for (const a of assignmentsIn(mod, body)) {
        const call = a.value?.name === 'CallExpression' ? callAt(mod, a.value) : undefined;
        if (!call || !nameIs(call.name, ...COLUMN)) continue;
        if (nameIs(call.name, 'sqlmodel.Field') && !isTable) continue;
        const kw = (k: string) => {
          const n = call.kwargs.get(k);
          return n ? follow(project, mod, n) : undefined;
        };
        const fkCall = callsUnder(mod, call.node).find((c) => nameIs(c.name, 'ForeignKey'));
        const fkValue = fkCall?.args[0]
          ? effective(follow(project, mod, fkCall.args[0]))
          : effective(kw('foreign_key') ?? { kind: 'none', at: { path: '', line: 0 } });
        const fk = fkCall
          ? fkValue?.kind === 'str'
            ? fkValue.value
            : mod.text(fkCall.args[0] ?? fkCall.node)
          : fkValue?.kind === 'str'
            ? fkValue.value
            : undefined;
        const first = call.args[0] ? effective(follow(project, mod, call.args[0])) : undefined;
        out.push({
          mod,
          model,
          models: [model, ...heirs],
          name: first?.kind === 'str' && nameIs(call.name, 'Column') ? first.value : a.name,
          call,
          fk,
          indexed: !!(truthy(kw('index')) || truthy(kw('primary_key')) || truthy(kw('unique'))),
          unique: !!truthy(kw('unique')),
        });
      }
    }
  }
  return out;
}

/** Column names an `Index(...)`, `op.create_index(...)` or constraint call mentions (strings and attributes). */
export function namesIn(project: PyProject, ...callNames: string[]): Map<string, Call> {
  const out = new Map<string, Call>();
  for (const mod of [...project.modules, ...project.migrations])
    for (const call of callsIn(mod).filter((c) => nameIs(c.name, ...callNames)))
      for (const arg of [...call.args, ...call.kwargs.values()])
        for (const n of nodesNamed(arg, 'String', 'PropertyName')) {
          const v = n.name === 'String' ? follow(project, mod, n) : undefined;
          out.set(v?.kind === 'str' ? v.value : mod.text(n), call);
        }
  return out;
}

/** Whether the app's engines all talk to MySQL (InnoDB indexes foreign keys by itself). */
export const isMySqlOnly = (dialects: readonly string[]) =>
  dialects.length > 0 && dialects.every((d) => d === 'mysql');
