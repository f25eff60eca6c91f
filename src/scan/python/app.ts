import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { type Call, callsIn, decoratorsIn, dottedName } from './calls.js';
import { nameIs, qualify } from './imports.js';
import { callsNamed } from './kit.js';
import type { PyProject } from './project.js';
import { children, nodesNamed } from './walk.js';

/** `FastAPI(...)` / `Starlette(...)` constructions: the app objects. */
export const appCalls = (project: PyProject) =>
  callsNamed(project, 'fastapi.FastAPI', 'FastAPI', 'Starlette');

/** A middleware the app adds: `app.add_middleware(X, ...)`, `Middleware(X, ...)` or `X(app, ...)` wrapping. */
export interface MiddlewareUse {
  readonly name: string;
  readonly call: Call;
}

export function middlewares(project: PyProject): MiddlewareUse[] {
  const out: MiddlewareUse[] = [];
  for (const call of callsNamed(project, 'add_middleware', 'Middleware')) {
    const first = call.args[0];
    const written = first ? dottedName(call.mod, first) : undefined;
    if (written) out.push({ name: qualify(call.mod, written), call });
  }
  return out;
}

export const middlewareNamed = (project: PyProject, ...names: string[]): MiddlewareUse[] => [
  ...middlewares(project).filter((m) => nameIs(m.name, ...names)),
  // Pure ASGI wrapping: `app = CORSMiddleware(app, allow_origins=[...])`.
  ...callsNamed(project, ...names).map((call) => ({ name: call.name, call })),
];

/** A function's body statements after its first top-level `yield` (a lifespan's shutdown half). */
export function afterYield(fn: SyntaxNode): SyntaxNode[] {
  const body = fn.getChild('Body');
  const stmts = body ? children(body).filter((c) => c.name !== ':') : [];
  const flat = stmts.flatMap((s) =>
    s.name === 'TryStatement' || s.name === 'WithStatement' ? [s, ...children(s)] : [s],
  );
  const hasYield = (s: SyntaxNode) => [...nodesNamed(s, 'YieldStatement', 'YieldExpression')].length > 0;
  const at = flat.findLastIndex(hasYield);
  if (at < 0) return [];
  // Inside `try:`/`with` the yield sits in a block: the blocks after it (finally, the rest) are the shutdown code.
  return flat
    .slice(at + 1)
    .flatMap((s) => (s.name === 'Body' ? children(s) : [s]))
    .filter((s) => s.name.endsWith('Statement'));
}

/** Lifespan functions: passed as `lifespan=` to the app, or decorated @asynccontextmanager and named *lifespan*. */
export function lifespans(project: PyProject): { mod: PythonModule; fn: SyntaxNode }[] {
  const names = new Set<string>();
  for (const app of appCalls(project)) {
    const l = app.kwargs.get('lifespan');
    if (l) names.add(app.mod.text(l).split('.').at(-1) ?? '');
  }
  const out: { mod: PythonModule; fn: SyntaxNode }[] = [];
  for (const mod of project.modules)
    for (const d of decoratorsIn(mod)) {
      const fnName = d.target?.getChild('VariableName');
      const name = fnName ? mod.text(fnName) : '';
      if (d.target?.name === 'FunctionDefinition' && nameIs(d.name, 'asynccontextmanager', 'contextmanager'))
        if (names.has(name) || name.includes('lifespan')) out.push({ mod, fn: d.target });
    }
  return out;
}

/** Shutdown handlers of the older API: `@app.on_event("shutdown")` or `add_event_handler("shutdown", f)`. */
export function shutdownHandlers(
  project: PyProject,
): { mod: PythonModule; node: SyntaxNode; line: number }[] {
  const isShutdown = (mod: PythonModule, n: SyntaxNode | undefined) => n && /shutdown/.test(mod.text(n));
  const out: { mod: PythonModule; node: SyntaxNode; line: number }[] = [];
  for (const mod of project.modules) {
    for (const d of decoratorsIn(mod))
      if (nameIs(d.name, 'on_event') && isShutdown(mod, d.args[0]) && d.target)
        out.push({ mod, node: d.target, line: d.line });
    for (const c of callsIn(mod))
      if (nameIs(c.name, 'add_event_handler') && isShutdown(mod, c.args[0]))
        out.push({ mod, node: c.node, line: c.line });
  }
  return out;
}
