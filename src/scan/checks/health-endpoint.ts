import { appCalls } from '../python/app.js';
import { noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { routes } from '../python/routes.js';
import { result, type SyncScanCheck } from '../types.js';

// Route path segments that name a health endpoint; tested on a literal's value.
const HEALTH = /(^|\/)(health|healthz|health-check|healthcheck|livez|readyz|ping|status)(\/|$)/i;

export const healthEndpoint: SyncScanCheck = {
  id: 'health-endpoint',
  title: 'A /health route exists',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const found = routes(project).filter((r) => HEALTH.test(r.path));
    const hits = found.map((r) => repo.evidence(r.mod.path, r.line));
    const paths = found.map((r) => r.path);
    if (hits.length)
      return result(
        'pass',
        `health route ${paths.join(', ')}`,
        'The app answers a health path that orchestrators and probes can poll; probe:health checks it answers 200 when deployed.',
        '',
        hits,
      );
    return result(
      'warn',
      'no /health route found',
      'No route path names health/healthz/ping; a load balancer or Kubernetes probe has nothing cheap to poll.',
      'Add @app.get("/health") returning {"status": "ok"} (and a /ready that checks the database).',
    );
  },
};
