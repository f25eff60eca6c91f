import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;
export interface DatabaseHandle {
  readonly db: Db;
  readonly sqlite: Database.Database;
  /** True when the database answers a trivial query (used by GET /ready). */
  ping(): boolean;
  close(): void;
}

/** migrations/ sits at the package root both from src/ (tsx) and from dist/src/ (compiled). */
export function findMigrationsFolder(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`migrations folder not found above ${start}`);
    dir = parent;
  }
}

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
export function openDatabase(path: string, opts: { migrate?: boolean } = {}): DatabaseHandle {
  if (path !== ':memory:') createDirectory(dirname(resolve(path)));
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  if (opts.migrate !== false) migrate(db, { migrationsFolder: findMigrationsFolder() });
  return {
    db,
    sqlite,
    ping() {
      try {
        return sqlite.open && sqlite.prepare('select 1 as ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
