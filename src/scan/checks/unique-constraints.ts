import { callEvidence } from '../python/kit.js';
import { namesIn, readModels } from '../python/models.js';
import { result, type SyncScanCheck } from '../types.js';

export const uniqueConstraints: SyncScanCheck = {
  id: 'unique-constraints',
  title: 'Models declare unique constraints',
  run(repo) {
    const models = readModels(repo);
    if ('unknown' in models) return models.unknown;
    const { project, columns } = models;
    const unique = columns.filter((c) => c.unique);
    const constraints = [
      ...new Set(namesIn(project, 'UniqueConstraint', 'create_unique_constraint').values()),
    ];
    if (unique.length || constraints.length)
      return result(
        'pass',
        `unique constraints: ${[...unique.map((c) => `${c.model}.${c.name}`), ...constraints.map((c) => c.name.split('.').at(-1))].join(', ')}`,
        'The database itself rejects duplicates of these values, whatever the application checks first.',
        '',
        [...unique, ...constraints].slice(0, 10).map((c) => callEvidence(repo, 'call' in c ? c.call : c)),
      );
    return result(
      'warn',
      `${new Set(columns.map((c) => c.model)).size} models, no unique constraint`,
      'Natural keys (emails, usernames, external ids) are only unique if the database enforces it; an application check races with concurrent requests.',
      'Add unique=True (or UniqueConstraint) to columns that identify a row.',
      columns.slice(0, 3).map((c) => callEvidence(repo, c.call)),
    );
  },
};
