import type Database from 'better-sqlite3';
import type { Driver, QueryMethod } from './driver.js';
import { createTxScope } from './tx-context.js';

/**
 * SQLite through one better-sqlite3 connection. Statements run synchronously (the returned promise is
 * already settled), so a transaction holds the connection only for the microtasks between its statements;
 * other callers wait for its COMMIT instead of slipping their statements into it.
 */
export function createSqliteDriver(sqlite: Database.Database): Driver {
  const statements = new Map<string, Database.Statement>();
  const scope = createTxScope<Database.Database>();
  let busy: Promise<void> | undefined;

  const prepare = (text: string) => {
    let stmt = statements.get(text);
    if (!stmt) {
      stmt = sqlite.prepare(text);
      statements.set(text, stmt);
    }
    return stmt;
  };
  const execute = (text: string, params: unknown[], method: QueryMethod) => {
    const stmt = prepare(text);
    if (method === 'run' || !stmt.reader) {
      const r = stmt.run(...params);
      return { rows: [], changes: r.changes };
    }
    stmt.raw(true);
    if (method === 'get') return { rows: stmt.get(...params) as unknown };
    return { rows: stmt.all(...params) };
  };
  return {
    dialect: 'sqlite',
    // Each waits while another async context holds a transaction open, and checks again in the same tick it
    // goes on: a transaction that began between the wait ending and a later hop would otherwise take this
    // statement in (or meet a second BEGIN).
    async query(text, params, method) {
      if (!scope.current()) while (busy !== undefined) await busy;
      return execute(text, params, method);
    },
    async transaction(fn, opts) {
      if (scope.current()) return fn();
      while (busy !== undefined) await busy;
      let release!: () => void;
      busy = new Promise((r) => {
        release = r;
      });
      try {
        sqlite.exec(opts?.snapshot ? 'begin deferred' : 'begin immediate');
        return await scope.run(sqlite, fn, (ok) => {
          if (ok) sqlite.exec('commit');
          else if (sqlite.inTransaction) sqlite.exec('rollback');
        });
      } finally {
        busy = undefined;
        release();
      }
    },
    async ping() {
      try {
        return sqlite.open && sqlite.prepare('select 1 as ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    afterCommit: (f) => scope.afterCommit(f),
    poolStats: () => ({ total: 1, idle: busy === undefined ? 1 : 0, waiting: 0, max: 1 }),
    async close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
