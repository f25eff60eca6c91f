import { engines } from '../python/engines.js';
import { callEvidence } from '../python/kit.js';
import { isMySqlOnly, namesIn, readModels } from '../python/models.js';
import { result, type SyncScanCheck } from '../types.js';

export const foreignKeyIndexes: SyncScanCheck = {
  id: 'foreign-key-indexes',
  title: 'Foreign-key columns have an index',
  run(repo) {
    const models = readModels(repo);
    if ('unknown' in models) return models.unknown;
    const { project, columns } = models;
    const fks = columns.filter((c) => c.fk);
    if (!fks.length)
      return result(
        'pass',
        `no foreign keys in ${new Set(columns.map((c) => c.model)).size} models`,
        'The models declare no foreign-key column, so none needs an index.',
        '',
      );
    if (isMySqlOnly(engines(project).map((e) => e.dialect)))
      return result(
        'pass',
        'MySQL: InnoDB indexes foreign keys itself',
        'InnoDB creates an index for every foreign key constraint.',
        '',
        fks.map((c) => callEvidence(repo, c.call)),
      );
    const elsewhere = namesIn(project, 'Index', 'create_index', 'UniqueConstraint', 'PrimaryKeyConstraint');
    const bare = fks.filter((c) => !c.indexed && !elsewhere.has(c.name));
    if (bare.length)
      return result(
        'fail',
        `${bare.length} foreign key${bare.length === 1 ? '' : 's'} without an index: ${bare.map((c) => `${c.model}.${c.name}`).join(', ')}`,
        'PostgreSQL does not index foreign-key columns by itself: joins and lookups by the key scan the table, and deleting a parent row (ON DELETE CASCADE) scans the child table for each row.',
        'Add index=True to the column (SQLModel Field(..., index=True), mapped_column(..., index=True)) and an op.create_index migration.',
        bare.map((c) => callEvidence(repo, c.call)),
      );
    return result(
      'pass',
      `all ${fks.length} foreign keys are indexed`,
      'Each foreign-key column has index=True, is unique/primary, or appears in an Index/create_index.',
      '',
      fks.map((c) => callEvidence(repo, c.call)),
    );
  },
};
