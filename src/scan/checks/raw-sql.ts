import type { SyntaxNode } from '@lezer/common';
import { localAssignment } from '../python/assignments.js';
import type { Call } from '../python/calls.js';
import { callsIn } from '../python/calls.js';
import { engines } from '../python/engines.js';
import { nameIs } from '../python/imports.js';
import { callEvidence, distinct, noPython } from '../python/kit.js';
import { type PyProject, pythonProject } from '../python/project.js';
import { follow } from '../python/values.js';
import { nodesNamed } from '../python/walk.js';
import { result, type SyncScanCheck } from '../types.js';

const TEXT = ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'sqlmodel.text'];
const EXECUTE = [
  'execute',
  'executemany',
  'exec_driver_sql',
  'executescript',
  'fetch',
  'fetchrow',
  'fetchval',
  'mogrify',
];

/** Whether an f-string only interpolates constants (a table name from a module constant is not injection). */
function onlyConstants(project: PyProject, call: Call, node: SyntaxNode): boolean {
  return [...nodesNamed(node, 'FormatReplacement')].every((r) => {
    const inner = r.firstChild?.nextSibling ?? undefined;
    const v = follow(project, call.mod, inner);
    return v.kind === 'str' || v.kind === 'num';
  });
}

function builtSql(project: PyProject, call: Call): boolean {
  const arg = call.args[0];
  if (!arg) return false;
  let node: SyntaxNode | undefined = arg;
  if (arg.name === 'VariableName') node = localAssignment(call.mod, arg, call.mod.text(arg))?.value ?? arg;
  const v = follow(project, call.mod, arg);
  if (v.kind !== 'fstr') return false;
  return !(node?.name === 'FormatString' && onlyConstants(project, call, node));
}

export const rawSql: SyncScanCheck = {
  id: 'raw-sql',
  title: 'No SQL built from f-strings, % or .format()',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const sqlCalls = project.modules.flatMap((m) =>
      callsIn(m).filter((c) => nameIs(c.name, ...TEXT, ...EXECUTE)),
    );
    const built = sqlCalls.filter((c) => builtSql(project, c));
    if (built.length)
      return result(
        'fail',
        `${built.length} SQL statement${built.length === 1 ? '' : 's'} built from strings at run time`,
        'Text interpolated into SQL (f-string, %, .format(), +) lets a crafted value change the statement: SQL injection.',
        'Use bound parameters: text("... WHERE id = :id").bindparams(id=...) or execute(text(...), {"id": ...}), or the ORM’s select().',
        distinct(built.map((c) => callEvidence(repo, c))),
      );
    if (sqlCalls.length || engines(project).length)
      return result(
        'pass',
        sqlCalls.length
          ? `${sqlCalls.length} raw SQL call${sqlCalls.length === 1 ? '' : 's'}, none built from strings`
          : 'ORM queries only',
        'Statements are literals with bound parameters or ORM constructs; values never become SQL text.',
        '',
        distinct(sqlCalls.map((c) => callEvidence(repo, c))).slice(0, 5),
      );
    return result(
      'unknown',
      'no database access found',
      'No engine, text() or execute() call in the Python source.',
      '',
    );
  },
};
