import { is } from 'drizzle-orm';
import { PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../../../src/db/schema.js';
import * as pgSchema from '../../../src/db/schema-pg.js';

/** What both engines must agree on, per table: columns, which may be null, and the primary key. */
function shapeOf(cfg: {
  name: string;
  columns: { name: string; notNull: boolean; primary: boolean }[];
  primaryKeys: { columns: { name: string }[] }[];
  indexes: unknown[];
  foreignKeys: unknown[];
}) {
  const single = cfg.columns.filter((c) => c.primary).map((c) => c.name);
  const composite = cfg.primaryKeys.flatMap((k) => k.columns.map((c) => c.name));
  return {
    name: cfg.name,
    columns: Object.fromEntries(
      cfg.columns.map((c) => [c.name, c.notNull || c.primary ? 'not null' : 'null']),
    ),
    primaryKey: [...single, ...composite],
    indexes: cfg.indexes.length,
    foreignKeys: cfg.foreignKeys.length,
  };
}

const sqliteTables = Object.values(sqliteSchema as Record<string, unknown>).filter((t): t is SQLiteTable =>
  is(t, SQLiteTable),
);
const pgTables = Object.values(pgSchema as Record<string, unknown>).filter((t): t is PgTable =>
  is(t, PgTable),
);

describe('schema-pg.ts', () => {
  it('has the same tables as schema.ts', () => {
    const names = (ts: { name: string }[]) => ts.map((t) => t.name).sort();
    expect(names(pgTables.map((t) => pgConfig(t)))).toEqual(names(sqliteTables.map((t) => sqliteConfig(t))));
    expect(sqliteTables.length).toBeGreaterThan(10);
  });

  it.each(sqliteTables.map((t) => [sqliteConfig(t).name, t] as const))(
    '%s: same columns, nullability, primary key, indexes and foreign keys',
    (name, table) => {
      const pg = pgTables.find((t) => pgConfig(t).name === name);
      expect(pg).toBeDefined();
      expect(shapeOf(pgConfig(pg!) as never)).toEqual(shapeOf(sqliteConfig(table) as never));
    },
  );
});
