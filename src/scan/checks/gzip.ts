import { appCalls, middlewareNamed } from '../python/app.js';
import { callEvidence, noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { result, type ScanCheck } from '../types.js';

export const gzip: ScanCheck = {
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
    return result(
      'warn',
      'no GZipMiddleware in the app',
      'The app sends responses uncompressed; a reverse proxy may compress them (the proxy check and probe:compression decide that too).',
      'Add app.add_middleware(GZipMiddleware, minimum_size=1000), or enable gzip in the proxy.',
    );
  },
};
