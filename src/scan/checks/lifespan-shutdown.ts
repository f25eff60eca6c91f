import { afterYield, appCalls, lifespans, shutdownHandlers } from '../python/app.js';
import { callsUnder } from '../python/calls.js';
import { noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { result, type SyncScanCheck } from '../types.js';

export const lifespanShutdown: SyncScanCheck = {
  id: 'lifespan-shutdown',
  title: 'Lifespan shutdown closes clients and pools',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const closing = lifespans(project).flatMap(({ mod, fn }) =>
      afterYield(fn)
        .filter((s) => callsUnder(mod, s).length)
        .map((s) => repo.evidence(mod.path, mod.line(s.from))),
    );
    const handlers = shutdownHandlers(project).map((h) => repo.evidence(h.mod.path, h.line));
    if (closing.length || handlers.length)
      return result(
        'pass',
        closing.length ? 'the lifespan closes resources after yield' : 'a shutdown handler closes resources',
        'uvicorn turns SIGTERM into the lifespan shutdown: this code runs before the process exits, so pools and clients close cleanly.',
        '',
        [...closing, ...handlers],
      );
    const empty = lifespans(project)[0];
    return result(
      'warn',
      empty ? 'the lifespan does nothing after yield' : 'no lifespan shutdown code',
      'On SIGTERM uvicorn stops accepting requests and runs the lifespan shutdown; with none, open database connections and HTTP clients are dropped instead of closed.',
      'Use a lifespan context manager: `yield`, then `await engine.dispose()` and close HTTP clients; pass it as FastAPI(lifespan=lifespan).',
      empty ? [repo.evidence(empty.mod.path, empty.mod.line(empty.fn.from))] : [],
    );
  },
};
