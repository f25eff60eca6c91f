import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../../src/db/client.js';
import { postgresMigrationsFolder } from '../../../src/db/migrations-folder.js';
import * as schema from '../../../src/db/schema.js';
import { createTestDatabase, emptyPostgresTarget, testEngine } from '../../helpers/db.js';

const tables = Object.values(schema as Record<string, unknown>)
  .filter((t): t is SQLiteTable => is(t, SQLiteTable))
  .map((t) => getTableConfig(t));

/** Every table's columns as the migrated database has them: name → 'not null' | 'null'. */
async function columnsOf(h: DatabaseHandle): Promise<Record<string, Record<string, string>>> {
  const rows =
    h.dialect === 'postgres'
      ? await h.db.all<[string, string, string]>(
          sql`select table_name, column_name, case when is_nullable = 'NO' then 'not null' else 'null' end
            from information_schema.columns where table_schema = 'public'`,
        )
      : await h.db.all<[string, string, string]>(
          sql`select m.name, c.name, case when c."notnull" or c.pk > 0 then 'not null' else 'null' end
            from sqlite_master m join pragma_table_info(m.name) c
            where m.type = 'table' and m.name not like 'sqlite%' and m.name not like '\\_\\_%' escape '\\'`,
        );
  const out: Record<string, Record<string, string>> = {};
  for (const [table, column, nullable] of rows) out[table] = { ...out[table], [column]: nullable };
  return out;
}

describe(`the ${testEngine()} migrations`, () => {
  it('build exactly the tables and columns of schema.ts, with the same nullability', async () => {
    const t = await createTestDatabase();
    try {
      const expected = Object.fromEntries(
        tables.map((cfg) => [
          cfg.name,
          Object.fromEntries(
            cfg.columns.map((c) => [c.name, c.notNull || c.primary ? 'not null' : 'null'] as const),
          ),
        ]),
      );
      expect(await columnsOf(t)).toEqual(expected);
    } finally {
      await t.cleanup();
    }
  });
});

describe.skipIf(testEngine() !== 'postgres')('Postgres migrations under the advisory lock', () => {
  it('are applied once when several replicas start on one fresh database together', async () => {
    const fresh = await emptyPostgresTarget();
    const handles: DatabaseHandle[] = [];
    try {
      const opened = await Promise.allSettled([1, 2, 3].map(() => openDatabase(fresh.target)));
      for (const o of opened) if (o.status === 'fulfilled') handles.push(o.value);
      expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const journal = JSON.parse(
        readFileSync(join(postgresMigrationsFolder(), 'meta', '_journal.json'), 'utf8'),
      );
      expect(await handles[0]!.db.all(sql`select count(*) from drizzle.__drizzle_migrations`)).toEqual([
        [journal.entries.length],
      ]);
      // And a replica starting later finds nothing left to do.
      const late = await openDatabase(fresh.target);
      handles.push(late);
      expect(await late.db.all(sql`select count(*) from drizzle.__drizzle_migrations`)).toEqual([
        [journal.entries.length],
      ]);
    } finally {
      for (const h of handles) await h.close();
      await fresh.cleanup();
    }
  });
});
