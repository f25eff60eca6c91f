import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../readers/python.js';
import { decoratorsIn } from './calls.js';
import { nameIs } from './imports.js';
import { callsNamed, effective } from './kit.js';
import type { PyProject } from './project.js';
import { follow } from './values.js';

/** A GET-able route: its path as written and the handler (when the decorator form shows it). */
export interface Route {
  readonly path: string;
  readonly mod: PythonModule;
  readonly line: number;
  readonly handler: SyntaxNode | null;
}

const DECORATORS = ['get', 'api_route', 'head', 'route'];

/** Routes from `@app.get("/x")`/`@router.get(...)` decorators and `add_api_route`/`Route(...)` calls. */
export const routes = (project: PyProject): Route[] =>
  project.memo('routes', () => {
    const out: Route[] = [];
    const add = (
      mod: PythonModule,
      arg: SyntaxNode | undefined,
      line: number,
      handler: SyntaxNode | null,
    ) => {
      const v = arg ? effective(follow(project, mod, arg)) : undefined;
      if (v?.kind === 'str') out.push({ path: v.value, mod, line, handler });
    };
    for (const mod of project.modules)
      for (const d of decoratorsIn(mod))
        if (nameIs(d.name, ...DECORATORS)) add(mod, d.args[0], d.line, d.target);
    for (const c of callsNamed(project, 'add_api_route', 'add_route', 'Route'))
      add(c.mod, c.args[0], c.line, null);
    return out;
  });
