import { appCalls } from '../python/app.js';
import { decoratorsIn } from '../python/calls.js';
import { nameIs } from '../python/imports.js';
import { callsNamed, effective, noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { follow } from '../python/values.js';
import { result, type ScanCheck, type ScanEvidence } from '../types.js';

const ROUTES = ['get', 'api_route', 'head', 'route'];
// Route path segments that name a health endpoint; tested on a literal's value.
const HEALTH = /(^|\/)(health|healthz|health-check|healthcheck|livez|readyz|ping|status)(\/|$)/i;

export const healthEndpoint: ScanCheck = {
  id: 'health-endpoint',
  title: 'A /health route exists',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const hits: ScanEvidence[] = [];
    const paths: string[] = [];
    const consider = (arg: Parameters<typeof follow>[2], mod: Parameters<typeof follow>[1], line: number) => {
      const v = arg ? effective(follow(project, mod, arg)) : undefined;
      if (v?.kind === 'str' && HEALTH.test(v.value)) {
        hits.push(repo.evidence(mod.path, line));
        paths.push(v.value);
      }
    };
    for (const mod of project.modules)
      for (const d of decoratorsIn(mod)) if (nameIs(d.name, ...ROUTES)) consider(d.args[0], mod, d.line);
    for (const c of callsNamed(project, 'add_api_route', 'add_route', 'Route'))
      consider(c.args[0], c.mod, c.line);
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
