import { appCalls, middlewareNamed } from '../python/app.js';
import { callEvidence, noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { follow } from '../python/values.js';
import { nodesNamed } from '../python/walk.js';
import { result, type SyncScanCheck } from '../types.js';

const HEADERS = new Set(['x-request-id', 'x-correlation-id', 'request-id', 'x-amzn-trace-id', 'traceparent']);

export const requestId: SyncScanCheck = {
  id: 'request-id',
  title: 'Request-ID middleware',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const mw = middlewareNamed(
      project,
      'CorrelationIdMiddleware',
      'RequestIdMiddleware',
      'RequestIDMiddleware',
      'ContextMiddleware',
      'RawContextMiddleware',
    );
    if (mw.length)
      return result(
        'pass',
        `${mw[0]!.name.split('.').at(-1)} tags every request with an id`,
        'A middleware assigns (or accepts) a request id and returns it in a response header.',
        '',
        mw.map((m) => callEvidence(repo, m.call)),
      );
    for (const mod of project.modules)
      for (const s of nodesNamed(mod.tree.topNode, 'String')) {
        const v = follow(project, mod, s);
        if (v.kind === 'str' && HEADERS.has(v.value.toLowerCase()))
          return result(
            'pass',
            `the app handles the ${v.value} header`,
            'Custom code reads or sets a request-id header.',
            '',
            [repo.evidence(mod.path, v.at.line)],
          );
      }
    return result(
      'fail',
      'no request-id middleware',
      'Nothing assigns a request id: an error a user reports cannot be matched to its log lines.',
      'Add asgi-correlation-id (app.add_middleware(CorrelationIdMiddleware)) and put the id in error responses and log records.',
    );
  },
};
