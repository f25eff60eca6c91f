import { afterYield, lifespans, shutdownHandlers } from '../python/app.js';
import { callsIn, callsUnder } from '../python/calls.js';
import { engines } from '../python/engines.js';
import { nameIs } from '../python/imports.js';
import { callEvidence, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { ancestor, nodesNamed } from '../python/walk.js';
import { result, type SyncScanCheck } from '../types.js';

// Session factories and `engine.connect()`: each holds a pooled connection until closed.
const FACTORIES = [
  'connect',
  'Session',
  'AsyncSession',
  'SessionLocal',
  'async_session',
  'AsyncSessionLocal',
  'async_session_maker',
  'session_factory',
];

export const dbCleanup: SyncScanCheck = {
  id: 'db-cleanup',
  title: 'Database sessions closed per request, engine disposed at shutdown',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const dispose = [
      ...lifespans(project).flatMap(({ mod, fn }) => afterYield(fn).flatMap((s) => callsUnder(mod, s))),
      ...shutdownHandlers(project).flatMap((h) => callsUnder(h.mod, h.node)),
    ].filter((c) => nameIs(c.name, 'dispose', 'close', 'close_all_sessions'));
    const opened = project.modules.flatMap((m) => callsIn(m).filter((c) => nameIs(c.name, ...FACTORIES)));
    // A session is managed when opened in a `with` header, or its function calls .close() on something.
    const unmanaged = opened.filter((c) => {
      const w = ancestor(c.node, 'WithStatement');
      if (w && c.node.to <= (w.getChild('Body')?.from ?? w.to)) return false;
      const fn = ancestor(c.node, 'FunctionDefinition');
      return (
        !fn ||
        ![...nodesNamed(fn, 'CallExpression')].some((n) => c.mod.text(n.firstChild ?? n).endsWith('.close'))
      );
    });
    if (unmanaged.length)
      return result(
        'fail',
        `${unmanaged.length} session${unmanaged.length === 1 ? '' : 's'} or connection${unmanaged.length === 1 ? '' : 's'} opened without being closed`,
        'A session or connection opened outside `with` and never closed keeps its connection checked out until garbage collection; under load the pool runs dry.',
        'Open sessions in a dependency: `with Session(engine) as session: yield session` (or try/finally session.close()).',
        unmanaged.map((c) => callEvidence(repo, c)),
      );
    const evidence = [...opened.slice(0, 3), ...dispose].map((c) => callEvidence(repo, c));
    if (opened.length || dispose.length)
      return result(
        'pass',
        [
          opened.length ? 'sessions and connections closed by `with`' : '',
          dispose.length ? 'engine disposed at shutdown' : '',
        ]
          .filter(Boolean)
          .join('; '),
        `Every session the app opens is closed when its block ends${dispose.length ? ', and the pool is disposed at shutdown' : ' (nothing disposes the engine at shutdown; the lifespan-shutdown check covers that)'}.`,
        '',
        evidence,
      );
    const engine = engines(project)[0];
    if (engine)
      return result(
        'warn',
        'engine created, no session handling found',
        'The app creates an engine but the scan found no session it opens or closes, and no dispose at shutdown.',
        'Close sessions with `with Session(engine)` in a dependency and dispose the engine in the lifespan.',
        [callEvidence(repo, engine.call)],
      );
    return result(
      'unknown',
      'no database sessions found',
      'No SQLAlchemy/SQLModel engine or session in the Python source.',
      '',
    );
  },
};
