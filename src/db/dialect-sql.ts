import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Db, dialectOf } from './client.js';

// The few SQL fragments the two engines spell differently. Everything else is written once (see pg-sql.ts).

/** `column IN (the elements of a JSON array of strings)`, the array given as one parameter. */
export const inJsonArray = (db: Db, column: SQLWrapper, array: SQLWrapper | string): SQL =>
  dialectOf(db) === 'postgres'
    ? sql`${column} in (select json_array_elements_text(cast(${array} as json)))`
    : sql`${column} in (select value from json_each(${array}))`;

/** The smaller of two values (SQLite's two-argument min(), Postgres's least()). */
export const least = (db: Db, a: SQLWrapper, b: SQLWrapper): SQL =>
  dialectOf(db) === 'postgres' ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`;

/** The larger of two values (SQLite's two-argument max(), Postgres's greatest()). */
export const greatest = (db: Db, a: SQLWrapper, b: SQLWrapper): SQL =>
  dialectOf(db) === 'postgres' ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;

/** Rows an insert, update or delete changed: both drivers answer `run` with it; drizzle's proxy type leaves it out. */
export const rowsChanged = (result: unknown): number => (result as { changes?: number }).changes ?? 0;

/**
 * Serializes the transactions about one thing (a release, a watch) across replicas: on Postgres a
 * transaction-scoped advisory lock on `key`, released at COMMIT or ROLLBACK; on SQLite nothing, since its
 * one writer already runs transactions one after another. Call it first in a transaction that reads state,
 * checks a rule and writes (two cancels, two approvals, a sample and a decision), so the second one reads
 * what the first wrote instead of both acting on the same old state.
 */
export async function serializeOn(db: Db, key: string): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await db.run(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
