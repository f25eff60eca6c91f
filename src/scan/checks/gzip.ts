import { appCalls, middlewareNamed } from '../python/app.js';
import { callEvidence, noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { result, type SyncScanCheck } from '../types.js';

export const gzip: SyncScanCheck = {
  id: 'gzip',
  title: 'GZipMiddleware (or Brotli) compresses responses',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const uses = middlewareNamed(project, 'GZipMiddleware', 'BrotliMiddleware');
    if (uses.length)
      return result(
        'pass',
        `${uses[0]!.name.split('.').at(-1)} compresses responses`,
        'The app compresses responses above the middleware’s minimum size.',
        '',
        uses.map((u) => callEvidence(repo, u.call)),
      );
    // Unknown, not warn: compression in the app or in the proxy both do, and a warn here would outvote the
    // proxy check's pass on the shared item (verdicts combine worst-first). proxy-gzip reads both.
    return result(
      'unknown',
      'no GZipMiddleware in the app',
      'The app itself sends responses uncompressed; a reverse proxy may compress them (the proxy-gzip check and probe:compression decide that).',
      'Add app.add_middleware(GZipMiddleware, minimum_size=1000), or enable gzip in the proxy.',
    );
  },
};
