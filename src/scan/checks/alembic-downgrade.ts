import { doesNothing, topFunction } from '../python/migrations.js';
import { pythonProject } from '../python/project.js';
import { result, type SyncScanCheck } from '../types.js';

export const alembicDowngrade: SyncScanCheck = {
  id: 'alembic-downgrade',
  title: 'Every Alembic revision has a working downgrade()',
  run(repo) {
    const project = pythonProject(repo);
    const scripts = project.migrations.filter((m) => topFunction(m, 'upgrade'));
    if (!scripts.length)
      return result(
        'unknown',
        'no Alembic revision scripts',
        'No versions/*.py with an upgrade(): nothing to roll back with, nothing to judge.',
        '',
      );
    const empty = scripts.flatMap((m) => {
      const fn = topFunction(m, 'downgrade');
      if (!fn) return [{ path: m.path, line: 1, missing: true }];
      return doesNothing(m, fn) ? [{ path: m.path, line: m.line(fn.from), missing: false }] : [];
    });
    if (empty.length)
      return result(
        'fail',
        `${empty.length} of ${scripts.length} revisions cannot be rolled back`,
        'A downgrade() that only passes (or is missing) means `alembic downgrade -1` reports success and changes nothing: the rollback plan stops at this revision.',
        'Write the inverse operations in downgrade(), or document why this revision is one-way and how to restore (backup, forward fix).',
        empty.map((e) => repo.evidence(e.path, e.line)),
      );
    return result(
      'pass',
      `all ${scripts.length} revisions have a downgrade()`,
      'Each revision script undoes its upgrade, so `alembic downgrade` is a rollback path.',
      '',
      scripts.slice(-3).map((m) => repo.evidence(m.path, m.line(topFunction(m, 'downgrade')!.from))),
    );
  },
};
