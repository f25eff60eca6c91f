import { evidenceAt, noPython } from '../python/kit.js';
import { logSinks } from '../python/log-sinks.js';
import { pythonProject } from '../python/project.js';
import { result, type SyncScanCheck } from '../types.js';

export const logDestination: SyncScanCheck = {
  id: 'log-destination',
  title: 'Logs go to files or an external service',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const sinks = logSinks(project);
    const kept = sinks.filter((s) => s.kind !== 'stream');
    if (kept.length)
      return result(
        'pass',
        `logs written to ${[...new Set(kept.map((s) => (s.kind === 'external' ? 'an external service' : 'a file')))].join(' and ')} (${kept[0]!.detail})`,
        'A handler keeps records beyond the process’s stdout.',
        '',
        kept.map((s) => evidenceAt(repo, s.at)),
      );
    if (sinks.length)
      return result(
        'fail',
        'logging is configured to stdout/stderr only',
        'Every handler the app configures writes to a stream; unless the platform ships stdout somewhere (a log driver or collector the repository does not show), logs vanish with the container.',
        'Add a file handler (RotatingFileHandler) or a handler for your log service, or document the collector that ships stdout (Fluent Bit, CloudWatch, Loki).',
        sinks.map((s) => evidenceAt(repo, s.at)),
      );
    return result(
      'unknown',
      'no logging configuration found',
      'The app configures no handler; the server’s defaults (uvicorn logs to stderr) and the platform decide where logs go.',
      '',
    );
  },
};
