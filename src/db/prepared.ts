import type { Db } from './client.js';

// drizzle builds the SQL on every call of an ad-hoc query, which is most of what a Slack request costs
// before its ack. Hot-path queries are built once per handle instead (the driver keeps the engine's
// prepared statement per SQL text).
const byDb = new WeakMap<object, Map<string, unknown>>();

/**
 * The statement `build` makes for this database handle, built on its first use and reused after (repos
 * are created per call in places, so the cache lives with the handle, not the repo). A statement runs in
 * whatever transaction is open in the calling async context.
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
