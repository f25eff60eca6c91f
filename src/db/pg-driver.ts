import pg from 'pg';
import type { Driver, PoolStats, QueryMethod } from './driver.js';
import { toPostgresSql } from './pg-sql.js';
import { createTxScope } from './tx-context.js';

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize: number;
  /** TLS: undefined for none; otherwise node's TLS options (CA file read, verification per sslmode). */
  readonly ssl?: pg.PoolConfig['ssl'];
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Called when a query waited this long for a connection or ran this long. */
  readonly slowQueryMs?: number;
  readonly onSlow?: (event: { kind: 'pool_wait' | 'query'; ms: number; sql: string }) => void;
  readonly onError?: (error: Error) => void;
}

const NAMED_STATEMENTS = 1000;

// Timestamps are bigint (milliseconds) and counts come back as bigint: numbers, as on SQLite. Both stay far
// below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Postgres through a node-postgres pool; a transaction holds one pooled client from BEGIN to COMMIT. */
export function createPostgresDriver(o: PostgresOptions): Driver & { readonly pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: stripSslParams(o.url),
    max: o.poolSize,
    ...(o.ssl !== undefined ? { ssl: o.ssl } : {}),
    statement_timeout: o.statementTimeoutMs,
    connectionTimeoutMillis: o.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    types,
  });
  // An idle client losing its server (Postgres restarted) must not crash the process.
  pool.on('error', (e) => o.onError?.(e));
  // Nor may a checked-out one: the pool listens only to idle clients, and a session the server ends between
  // two statements (a restart during a transaction's other work) would emit an unhandled 'error'. The next
  // statement on that client fails instead, and its caller with it.
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('connect', (client) =>
    client.on('error', (e) => {
      if (checkedOut.has(client as pg.PoolClient)) o.onError?.(e);
    }),
  );
  const scope = createTxScope<pg.PoolClient>();
  // Each distinct statement gets a name: a connection parses and plans it once and then only binds values
  // (about a third of a simple statement's time on a local server). Names are per pool; node-postgres tracks
  // which of its connections have prepared which.
  // Past NAMED_STATEMENTS distinct texts (an IN list of every length, say) the rest go unnamed, so neither
  // this map nor the server's per-connection statements grow without bound.
  const translated = new Map<string, { text: string; name: string | undefined }>();
  const slowMs = o.slowQueryMs ?? 1000;
  const textOf = (sql: string) => {
    let t = translated.get(sql);
    if (t === undefined) {
      const named = translated.size < NAMED_STATEMENTS;
      t = { text: toPostgresSql(sql), name: named ? `dc${translated.size + 1}` : undefined };
      if (named) translated.set(sql, t);
    }
    return t;
  };
  const timed = async <T>(kind: 'pool_wait' | 'query', sql: string, f: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await f();
    } finally {
      const ms = performance.now() - started;
      if (ms >= slowMs) o.onSlow?.({ kind, ms, sql });
    }
  };
  const run = async (
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params: unknown[],
    method: QueryMethod,
  ) => {
    const { text, name } = textOf(sql);
    const config: pg.QueryConfig =
      method === 'run'
        ? { ...(name ? { name } : {}), text, values: params }
        : ({ ...(name ? { name } : {}), text, values: params, rowMode: 'array' } as pg.QueryArrayConfig);
    const result: pg.QueryResult = await timed('query', sql, () => client.query(config));
    if (method === 'run') return { rows: [], changes: result.rowCount ?? 0 };
    if (method === 'get') return { rows: result.rows[0] as unknown };
    return { rows: result.rows };
  };
  const connect = () => timed('pool_wait', 'connect', () => pool.connect());

  return {
    dialect: 'postgres',
    pool,
    async query(sql, params, method) {
      const tx = scope.current();
      if (tx) return run(tx.client, sql, params, method);
      const client = await connect();
      try {
        return await run(client, sql, params, method);
      } finally {
        client.release();
      }
    },
    async transaction(fn, opts) {
      if (scope.current()) return fn();
      const client = await connect();
      let broken: Error | undefined;
      try {
        await client.query(opts?.snapshot ? 'begin isolation level repeatable read read only' : 'begin');
        return await scope.run(client, fn, async (ok) => {
          if (ok) await client.query('commit');
          else
            await client.query('rollback').catch((r: Error) => {
              broken = r;
            });
        });
      } catch (e) {
        broken ??= isConnectionError(e) ? (e as Error) : undefined;
        throw e;
      } finally {
        // A client whose connection failed is destroyed, not handed to the next caller.
        client.release(broken);
      }
    },
    async ping() {
      try {
        const client = await pool.connect();
        try {
          await client.query('select 1');
          return true;
        } finally {
          client.release();
        }
      } catch {
        return false;
      }
    },
    afterCommit: (f) => scope.afterCommit(f),
    poolStats: (): PoolStats => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: o.poolSize,
    }),
    // Idempotent, as on SQLite: a shutdown path and a test's cleanup may both close.
    async close() {
      if (!pool.ended && !pool.ending) await pool.end();
    },
  };
}

const isConnectionError = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return (
    typeof code !== 'string' || code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code)
  );
};

/** node-postgres reads sslmode from the URL itself and would override our TLS options; we apply them. */
export function stripSslParams(url: string): string {
  const u = new URL(url);
  for (const p of ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl', 'uselibpqcompat'])
    u.searchParams.delete(p);
  return u.toString();
}
