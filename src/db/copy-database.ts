import { is, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DatabaseHandle, Db } from './client.js';
import { rowsChanged } from './dialect-sql.js';
import * as schema from './schema.js';

/** One table to copy: its columns in schema order and its autoincrement id column, if any. */
export interface TablePlan {
  readonly name: string;
  readonly columns: readonly string[];
  readonly identity: string | undefined;
}

/** Every table of schema.ts, each after the tables its foreign keys point to. */
export function copyPlan(): TablePlan[] {
  const tables = Object.values(schema as Record<string, unknown>).filter((v): v is SQLiteTable =>
    is(v, SQLiteTable),
  );
  const ordered: TablePlan[] = [];
  const placed = new Set<SQLiteTable>();
  const place = (t: SQLiteTable) => {
    if (placed.has(t)) return;
    placed.add(t);
    const cfg = getTableConfig(t);
    for (const fk of cfg.foreignKeys) place(fk.reference().foreignTable as SQLiteTable);
    ordered.push({
      name: cfg.name,
      columns: cfg.columns.map((c) => c.name),
      identity: cfg.columns.find((c) => (c as { autoIncrement?: boolean }).autoIncrement)?.name,
    });
  };
  for (const t of tables) place(t);
  return ordered;
}

/** The target already holds data: copying into it would mix two histories. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: readonly string[]) {
    super(`the target database already has rows in ${tables.join(', ')}`);
    this.name = 'TargetNotEmptyError';
  }
}

export interface TableCopied {
  readonly table: string;
  readonly rows: number;
  /** The id the target hands out next (tables with an autoincrement id that ever held rows). */
  readonly nextId?: number;
}

// Postgres takes at most 65535 parameters in one statement.
const MAX_PARAMETERS = 60_000;

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const one = async (db: Db, query: SQL): Promise<unknown[]> => ((await db.get(query)) as unknown[]) ?? [];

/**
 * Copies every table of a SQLite database into an empty, migrated Postgres database in one transaction:
 * parents before children, in batches, the row counts checked per table, and each identity sequence moved
 * past the highest id SQLite ever handed out (sqlite_sequence: ids of deleted outbox rows live on in Slack
 * message metadata, so they must not be issued again). The source is read in one transaction too, so it is
 * a consistent snapshot. Any failure rolls the target back to empty.
 */
export async function copyDatabase(
  source: DatabaseHandle,
  target: DatabaseHandle,
  o: { batchRows?: number; lockTimeoutMs?: number; onTable?: (copied: TableCopied) => void } = {},
): Promise<TableCopied[]> {
  if (source.dialect !== 'sqlite' || target.dialect !== 'postgres')
    throw new Error('copyDatabase copies a SQLite database into Postgres');
  const plan = copyPlan();
  const from = source.db;
  const to = target.db;
  return from.transaction(() =>
    to.transaction(async () => {
      // A bot already running on the target waits (or this gives up) instead of writing between our checks.
      await to.run(sql.raw(`set local lock_timeout = ${Math.round(o.lockTimeoutMs ?? 10_000)}`));
      await to.run(sql.raw(`lock table ${plan.map((t) => quoted(t.name)).join(', ')} in exclusive mode`));
      const occupied: string[] = [];
      for (const t of plan)
        if ((await to.all(sql.raw(`select 1 from ${quoted(t.name)} limit 1`))).length > 0)
          occupied.push(t.name);
      if (occupied.length > 0) throw new TargetNotEmptyError(occupied);

      const highest = new Map<string, number>();
      for (const [name, seq] of (await from.all(sql.raw('select name, seq from sqlite_sequence'))) as [
        string,
        number,
      ][])
        highest.set(name, Number(seq));

      const report: TableCopied[] = [];
      for (const t of plan) {
        const [expected] = await one(from, sql.raw(`select count(*) from ${quoted(t.name)}`));
        const inserted = await copyRows(from, to, t, o.batchRows ?? 1000);
        const [actual] = await one(to, sql.raw(`select count(*) from ${quoted(t.name)}`));
        if (inserted !== Number(expected) || Number(actual) !== Number(expected))
          throw new Error(
            `${t.name}: ${expected} rows in the source but ${actual} in the target after the copy; nothing was kept`,
          );
        const nextId = t.identity
          ? await continueIds(to, t, t.identity, highest.get(t.name) ?? 0)
          : undefined;
        const copied = { table: t.name, rows: Number(actual), ...(nextId !== undefined ? { nextId } : {}) };
        o.onTable?.(copied);
        report.push(copied);
      }
      return report;
    }),
  );
}

/** Copies one table in batches of whole rows (in rowid order) and returns how many rows the target took. */
async function copyRows(from: Db, to: Db, t: TablePlan, batchRows: number): Promise<number> {
  const columns = t.columns.map(quoted).join(', ');
  const batch = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / t.columns.length)));
  let after = Number.MIN_SAFE_INTEGER;
  let inserted = 0;
  for (;;) {
    const rows = (await from.all(
      sql`select rowid, ${sql.raw(columns)} from ${sql.raw(quoted(t.name))} where rowid > ${after} order by rowid limit ${batch}`,
    )) as unknown[][];
    if (rows.length === 0) return inserted;
    const values = sql.join(
      rows.map(
        (r) =>
          sql`(${sql.join(
            r.slice(1).map((v) => sql`${v}`),
            sql`, `,
          )})`,
      ),
      sql`, `,
    );
    inserted += rowsChanged(
      await to.run(sql`insert into ${sql.raw(quoted(t.name))} (${sql.raw(columns)}) values ${values}`),
    );
    after = Number(rows[rows.length - 1]![0]);
  }
}

/** Moves the identity sequence past the copied ids and SQLite's own high-water mark; the next id it gives. */
async function continueIds(
  to: Db,
  t: TablePlan,
  column: string,
  sqliteHighest: number,
): Promise<number | undefined> {
  const [max] = await one(to, sql.raw(`select max(${quoted(column)}) from ${quoted(t.name)}`));
  const top = Math.max(Number(max ?? 0), sqliteHighest);
  if (top < 1) return undefined;
  await to.get(sql`select setval(pg_get_serial_sequence(${quoted(t.name)}, ${column}), ${top})`);
  return top + 1;
}
