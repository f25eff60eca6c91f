/** What the drizzle proxy asks of an engine: one statement, rows as arrays in selection order. */
export type QueryMethod = 'run' | 'all' | 'values' | 'get';
export interface QueryResult {
  rows: unknown[];
  /** Rows changed by an insert, update or delete ('run'). */
  changes?: number;
}

export type Dialect = 'sqlite' | 'postgres';

/** Pool figures for /metrics and the exhaustion log line (SQLite: one connection, never waits). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface Driver {
  readonly dialect: Dialect;
  query(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult | { rows: unknown }>;
  /**
   * Runs `fn` in one transaction; a nested call joins the open one. `snapshot`: a read-only transaction that
   * sees one consistent state throughout (SQLite: a deferred read transaction, which takes no write lock;
   * Postgres: REPEATABLE READ, READ ONLY) — for exports that read many tables.
   */
  transaction<T>(fn: () => Promise<T>, opts?: { snapshot?: boolean }): Promise<T>;
  /** Runs `f` once the transaction open in this async context commits; at once when none is open. */
  afterCommit(f: () => void): void;
  ping(): Promise<boolean>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}
