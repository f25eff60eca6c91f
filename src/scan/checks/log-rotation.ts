import { evidenceAt, noPython } from '../python/kit.js';
import { logrotateFiles, logSinks } from '../python/log-sinks.js';
import { pythonProject } from '../python/project.js';
import { result, type SyncScanCheck } from '../types.js';

export const logRotation: SyncScanCheck = {
  id: 'log-rotation',
  title: 'Log files rotate (size- or time-based, or logrotate)',
  run(repo) {
    const project = pythonProject(repo);
    const logrotate = logrotateFiles(project);
    if (logrotate.length)
      return result(
        'pass',
        `logrotate configuration in ${logrotate[0]!.path}`,
        'logrotate rotates the log files outside the app.',
        '',
        logrotate.map((f) => repo.evidence(f.path, 1)),
      );
    if (!project.modules.length) return noPython();
    const files = logSinks(project).filter((s) => s.kind !== 'stream' && s.kind !== 'external');
    const rotating = files.filter((s) => s.kind === 'timed' || (s.kind === 'rotating' && s.maxBytes !== 0));
    const stuck = files.filter((s) => !rotating.includes(s));
    if (stuck.length)
      return result(
        'fail',
        stuck.some((s) => s.kind === 'rotating')
          ? 'RotatingFileHandler with maxBytes=0 never rotates'
          : `log file without rotation (${stuck[0]!.detail})`,
        'A log file that never rotates grows until the disk is full, and then the app fails on its next write.',
        'Use RotatingFileHandler(maxBytes=100 * 1024 * 1024, backupCount=5) or TimedRotatingFileHandler, or add a logrotate rule.',
        stuck.map((s) => evidenceAt(repo, s.at)),
      );
    if (rotating.length)
      return result(
        'pass',
        `log files rotate (${rotating[0]!.detail}${rotating[0]!.maxBytes ? `, maxBytes=${rotating[0]!.maxBytes}` : ''})`,
        'Every file handler rotates by size or time.',
        '',
        rotating.map((s) => evidenceAt(repo, s.at)),
      );
    return result(
      'unknown',
      'the app writes no log files',
      'Rotation applies to files; stdout or a log service is rotated (or not) by the platform, e.g. Docker’s json-file max-size.',
      '',
    );
  },
};
