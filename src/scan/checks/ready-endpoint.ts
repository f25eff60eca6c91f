import { appCalls } from '../python/app.js';
import { callsUnder } from '../python/calls.js';
import { nameIs } from '../python/imports.js';
import { noApp, noPython } from '../python/kit.js';
import { stringValue } from '../python/literals.js';
import { pythonProject } from '../python/project.js';
import { type Route, routes } from '../python/routes.js';
import { nodesNamed } from '../python/walk.js';
import { result, type SyncScanCheck } from '../types.js';

// Route paths for readiness (and health, which some apps use for both); tested on a literal's value.
const READY = /(^|\/)(ready|readyz|readiness|health|healthz|health-check|healthcheck)(\/|$)/i;
const DB_CALLS = [
  'execute',
  'exec',
  'scalar',
  'scalars',
  'fetchval',
  'fetchrow',
  'fetch',
  'ping',
  'connect',
  'begin',
  'get_db_status',
];

/** Whether a route handler talks to the database: a query call or a `SELECT 1` literal in its body. */
function touchesDatabase(route: Route): boolean {
  const fn = route.handler;
  if (!fn) return false;
  if (callsUnder(route.mod, fn).some((c) => nameIs(c.name, ...DB_CALLS))) return true;
  return [...nodesNamed(fn, 'String')].some((s) =>
    stringValue(route.mod.text(s)).trim().toUpperCase().startsWith('SELECT 1'),
  );
}

export const readyEndpoint: SyncScanCheck = {
  id: 'ready-endpoint',
  title: 'A readiness route checks the database',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const candidates = routes(project).filter((r) => READY.test(r.path));
    const checking = candidates.filter(touchesDatabase);
    if (checking.length)
      return result(
        'pass',
        `${checking.map((r) => r.path).join(', ')} queries the database`,
        'The readiness route runs a query, so an orchestrator stops sending traffic when the database is unreachable; probe:ready checks it live.',
        '',
        checking.map((r) => repo.evidence(r.mod.path, r.line)),
      );
    const fix =
      'Add @app.get("/ready") that runs `SELECT 1` through the session (503 on failure) and point the readiness probe at it.';
    if (candidates.length)
      return result(
        'warn',
        `${candidates.map((r) => r.path).join(', ')} does not touch the database`,
        'The health/readiness route answers without a query: the app reports ready while its database is down.',
        fix,
        candidates.map((r) => repo.evidence(r.mod.path, r.line)),
      );
    return result(
      'warn',
      'no readiness route',
      'No /ready (or health) route: nothing tells an orchestrator whether the database is reachable.',
      fix,
    );
  },
};
