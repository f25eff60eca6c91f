import type { Database } from 'better-sqlite3';
import type { Db } from './client.js';

// drizzle builds the SQL and asks SQLite to prepare it on every call of an ad-hoc query, which is most of
// what a Slack request costs before its ack. Hot-path queries are built once per connection instead.
const byDb = new WeakMap<object, Map<string, unknown>>();

/**
 * The statement `build` makes for this database handle, built on its first use and reused after (repos
 * are created per call in places, so the cache lives with the handle, not the repo). Statements made on
 * the top-level handle run inside whatever transaction is open on its connection.
 */
export function prepareOnce<T>(db: Db, key: string, build: () => T): T {
  let cache = byDb.get(db);
  if (!cache) {
    cache = new Map();
    byDb.set(db, cache);
  }
  let statement = cache.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build();
    cache.set(key, statement);
  }
  return statement;
}

/**
 * The better-sqlite3 connection under a drizzle handle, for the few statements drizzle cannot prepare with
 * placeholders (an INSERT … SELECT … ON CONFLICT). drizzle() sets `$client`; the `Db` type leaves it out.
 */
export const sqliteOf = (db: Db): Database => (db as unknown as { $client: Database }).$client;
