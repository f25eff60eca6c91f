import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzleProxy, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import type { Dialect, Driver, PoolStats } from './driver.js';
import { findMigrationsFolder } from './migrations-folder.js';
import { createPostgresDriver, type PostgresOptions } from './pg-driver.js';
import { migratePostgres } from './pg-migrate.js';
import * as schema from './schema.js';
import { createSqliteDriver } from './sqlite-driver.js';

/**
 * One drizzle handle over either engine: queries are built with the SQLite dialect from the one schema and
 * run through the driver (Postgres translates them, see pg-sql.ts). Every query is async.
 * `db.transaction(async (tx) => …)` runs its callback in one transaction of the driver; `tx` is the same
 * handle (statements find their transaction through the async context), and a nested call joins it.
 */
export type Db = SqliteRemoteDatabase<typeof schema>;
export type { Dialect, PoolStats };
export { findMigrationsFolder };

export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | ({ readonly kind: 'postgres' } & PostgresOptions);

export interface DatabaseHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  /** True when the database answers a trivial query (used by GET /ready). */
  ping(): Promise<boolean>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

const dialects = new WeakMap<object, Dialect>();
const drivers = new WeakMap<object, Driver>();
/**
 * Runs `f` once the transaction open in the calling async context commits (at once outside one): work that
 * must see the change, such as waking the outbox dispatcher, never runs before other connections can see it.
 */
export const afterCommit = (db: Db, f: () => void): void => {
  const driver = drivers.get(db);
  if (driver) driver.afterCommit(f);
  else f();
};
/** The engine behind a handle, for the few fragments written differently on each (see sqlFor). */
export const dialectOf = (db: Db): Dialect => dialects.get(db) ?? 'sqlite';

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdirSync(…, { recursive: true })`
 * retries forever when the kernel answers ENOENT for a parent that exists (`/proc/nope`), spinning a core
 * at start-up; a plain mkdir per level fails at once with an error naming the path instead.
 */
function createDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      // Another process (a second bot, a CLI export) created it first.
      if ((e as { code?: unknown }).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}

/**
 * Opens (creating if needed) the SQLite file and applies pending migrations.
 * WAL lets readers (GET /ready, status) run beside the writer; busy_timeout turns SQLITE_BUSY from a
 * second process (a CLI export, an overlapping start) into a short wait instead of an error.
 */
function openSqlite(path: string, opts: { migrate?: boolean }): Driver {
  if (path !== ':memory:') createDirectory(dirname(resolve(path)));
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  if (opts.migrate !== false)
    migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: findMigrationsFolder() });
  return createSqliteDriver(sqlite);
}

/** Wraps a driver in the drizzle handle every repository takes. */
export function handleOver(driver: Driver): DatabaseHandle {
  const db = drizzleProxy((sql, params, method) => driver.query(sql, params, method) as never, { schema });
  // Our transaction, not the proxy's (which would send BEGIN through a pooled connection of its own choosing).
  // `{ behavior: 'deferred' }` asks for a read-only snapshot (see Driver.transaction).
  (db as unknown as { transaction: unknown }).transaction = <T>(
    fn: (tx: Db) => Promise<T>,
    config?: { behavior?: string },
  ) => driver.transaction(() => fn(db), { snapshot: config?.behavior === 'deferred' });
  dialects.set(db, driver.dialect);
  drivers.set(db, driver);
  return {
    db,
    dialect: driver.dialect,
    ping: () => driver.ping(),
    poolStats: () => driver.poolStats(),
    close: () => driver.close(),
  };
}

/** Opens the configured database and brings its schema up to date (`migrate: false` only reads). */
export async function openDatabase(
  target: DatabaseTarget | string,
  opts: { migrate?: boolean } = {},
): Promise<DatabaseHandle> {
  const t: DatabaseTarget = typeof target === 'string' ? { kind: 'sqlite', path: target } : target;
  if (t.kind === 'sqlite') return handleOver(openSqlite(t.path, opts));
  const driver = createPostgresDriver(t);
  try {
    if (opts.migrate !== false) await migratePostgres(driver.pool);
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw e;
  }
  return handleOver(driver);
}
