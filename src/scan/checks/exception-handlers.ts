import type { SyntaxNode } from '@lezer/common';
import { appCalls } from '../python/app.js';
import { decoratorsIn } from '../python/calls.js';
import { nameIs } from '../python/imports.js';
import { callsNamed, noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { children, nodesNamed } from '../python/walk.js';
import type { PythonModule } from '../readers/python.js';
import { result, type ScanEvidence, type SyncScanCheck } from '../types.js';

type Kind = 'HTTPException' | 'RequestValidationError' | 'Exception';
const KINDS: Kind[] = ['HTTPException', 'RequestValidationError', 'Exception'];

const kindOf = (written: string): Kind | undefined => {
  const last = written.split('.').at(-1) ?? '';
  if (last.endsWith('HTTPException')) return 'HTTPException';
  if (last.endsWith('ValidationError')) return 'RequestValidationError';
  if (last === 'Exception' || last === 'BaseException' || last === '500') return 'Exception';
  return undefined;
};

/** Whether a function or class catches every exception (`except Exception`, `except BaseException`, bare `except`). */
function catchesAll(mod: PythonModule, node: SyntaxNode): SyntaxNode | undefined {
  for (const t of nodesNamed(node, 'TryStatement')) {
    const parts = children(t);
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]?.name !== 'except') continue;
      const next = parts[i + 1];
      if (next?.name === 'Body' || (next && ['Exception', 'BaseException'].includes(mod.text(next))))
        return parts[i];
    }
  }
  return undefined;
}

export const exceptionHandlers: SyncScanCheck = {
  id: 'exception-handlers',
  title: 'Exception handlers for HTTPException, RequestValidationError and Exception',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const found = new Map<Kind, ScanEvidence>();
    const add = (written: string, mod: PythonModule, line: number) => {
      const k = kindOf(written);
      if (k && !found.has(k)) found.set(k, repo.evidence(mod.path, line));
    };
    for (const mod of project.modules)
      for (const d of decoratorsIn(mod)) {
        if (nameIs(d.name, 'exception_handler') && d.args[0]) add(mod.text(d.args[0]), mod, d.line);
        if (nameIs(d.name, 'middleware') && d.target) {
          const hit = catchesAll(mod, d.target);
          if (hit) add('Exception', mod, mod.line(hit.from));
        }
      }
    for (const c of callsNamed(project, 'add_exception_handler'))
      if (c.args[0]) add(c.mod.text(c.args[0]), c.mod, c.line);
    for (const app of appCalls(project)) {
      const dict = app.kwargs.get('exception_handlers');
      for (const key of dict?.name === 'DictionaryExpression'
        ? children(dict).filter((_, i, all) => all[i + 1]?.name === ':')
        : [])
        add(app.mod.text(key), app.mod, app.line);
    }
    // A BaseHTTPMiddleware subclass whose dispatch catches everything is a catch-all too.
    for (const mod of project.modules)
      for (const fn of nodesNamed(mod.tree.topNode, 'FunctionDefinition')) {
        const name = fn.getChild('VariableName');
        const hit = name && mod.text(name) === 'dispatch' ? catchesAll(mod, fn) : undefined;
        if (hit) add('Exception', mod, mod.line(hit.from));
      }
    const missing = KINDS.filter((k) => !found.has(k));
    const evidence = [...found.values()];
    if (!missing.length)
      return result(
        'pass',
        'handlers for HTTPException, RequestValidationError and Exception',
        'Every error leaves through a handler the team wrote, so errors share one format and unexpected ones are not shown raw.',
        '',
        evidence,
      );
    const fix = `Register @app.exception_handler for ${missing.join(', ')} returning one JSON error shape (e.g. {"detail": ..., "request_id": ...}).`;
    if (found.size)
      return result(
        'warn',
        `no handler for ${missing.join(', ')}`,
        `The app handles ${[...found.keys()].join(', ')} but leaves ${missing.join(', ')} to the framework defaults, so some errors come back in another shape.`,
        fix,
        evidence,
      );
    return result(
      'fail',
      'no exception handlers',
      'Every error takes FastAPI’s default shape: {"detail": ...} for HTTP errors, a list of pydantic errors for validation, and a plain-text "Internal Server Error" for anything else — three formats, none carrying a request id.',
      fix,
    );
  },
};
