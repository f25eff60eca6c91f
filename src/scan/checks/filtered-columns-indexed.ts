import { callsIn } from '../python/calls.js';
import { nameIs } from '../python/imports.js';
import { distinct } from '../python/kit.js';
import { namesIn, readModels } from '../python/models.js';
import { nodesNamed } from '../python/walk.js';
import { result, type ScanEvidence, type SyncScanCheck } from '../types.js';

export const filteredColumnsIndexed: SyncScanCheck = {
  id: 'filtered-columns-indexed',
  title: 'Columns used in where()/filter() have indexes',
  run(repo) {
    const models = readModels(repo);
    if ('unknown' in models) return models.unknown;
    const { project, columns } = models;
    const byKey = new Map<string, (typeof columns)[number]>(
      columns.flatMap((c) => c.models.map((m) => [`${m}.${c.name}`, c] as const)),
    );
    const indexedElsewhere = namesIn(
      project,
      'Index',
      'create_index',
      'UniqueConstraint',
      'PrimaryKeyConstraint',
    );
    const filtered = new Map<string, ScanEvidence>();
    for (const mod of project.modules)
      for (const call of callsIn(mod).filter((c) => nameIs(c.name, 'where', 'filter', 'filter_by'))) {
        // `Model.column` in the condition, or `filter_by(column=...)` on the queried model.
        const keys = [
          ...call.args.flatMap((a) => [...nodesNamed(a, 'MemberExpression')].map((m) => mod.text(m))),
        ];
        if (nameIs(call.name, 'filter_by'))
          for (const k of call.kwargs.keys())
            for (const c of columns) if (c.name === k) keys.push(`${c.model}.${k}`);
        for (const key of keys)
          if (byKey.has(key) && !filtered.has(key)) filtered.set(key, repo.evidence(mod.path, call.line));
      }
    if (!filtered.size)
      return result(
        'unknown',
        'no model column used in where()/filter()',
        'The scan found no ORM filter on a model column; which columns are filtered often is for a person (or pg_stat_statements) to say.',
        '',
      );
    const bare = [...filtered].filter(([key]) => {
      const c = byKey.get(key)!;
      return !c.indexed && !c.fk && !indexedElsewhere.has(c.name);
    });
    if (bare.length)
      return result(
        'warn',
        `filtered without an index: ${bare.map(([k]) => k).join(', ')}`,
        'These columns appear in query conditions but have no index, so each such query scans the table. Whether they are filtered often enough to matter is for a person (or the query statistics) to decide.',
        'Add index=True (or an Index/create_index migration) to columns the hot queries filter on.',
        distinct(bare.map(([, e]) => e)),
      );
    return result(
      'pass',
      `all ${filtered.size} filtered columns are indexed`,
      'Every model column the code filters on has an index, a unique constraint or is a key.',
      '',
      distinct([...filtered.values()]).slice(0, 5),
    );
  },
};
