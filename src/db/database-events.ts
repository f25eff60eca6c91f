import type { Logger } from '../logger.js';
import type { PoolStats } from './driver.js';

/** A slow moment the Postgres driver reports: a wait for a pooled connection, or a statement's run time. */
export interface SlowEvent {
  kind: 'pool_wait' | 'query';
  ms: number;
  /** The statement with its placeholders (never its parameters). */
  sql: string;
}

/** At most one log line per kind in this window; the next one says how many were left out. */
const LOG_EVERY_MS = 10_000;
const SQL_SHOWN = 300;

/**
 * What the bot does with the driver's reports: counts every one in /metrics and logs a line an operator can
 * act on, at most one per kind every ten seconds (an exhausted pool reports on every query). Values bound
 * to a statement are never logged: they carry people's input.
 */
export function createDatabaseEvents(o: {
  logger: Pick<Logger, 'warn'>;
  /** The counters of metrics.ts (db/ does not import it: metrics.ts reads the pool through db/). */
  metrics: Record<'dbSlowQueries' | 'dbPoolWaits' | 'dbConnectionErrors', { inc(): void }>;
  /** The pool's figures when the event happens (the handle exists only once the database is open). */
  poolStats: () => PoolStats | undefined;
  now?: () => number;
}) {
  const now = o.now ?? Date.now;
  const last = new Map<string, { at: number; suppressed: number }>();
  /** True when a line of this kind may be logged now; the count of lines left out since the last one. */
  const due = (kind: string): { ok: boolean; suppressed: number } => {
    const l = last.get(kind);
    const t = now();
    if (l && t - l.at < LOG_EVERY_MS) {
      l.suppressed += 1;
      return { ok: false, suppressed: 0 };
    }
    last.set(kind, { at: t, suppressed: 0 });
    return { ok: true, suppressed: l?.suppressed ?? 0 };
  };
  return {
    onSlow(e: SlowEvent): void {
      const ms = Math.round(e.ms);
      if (e.kind === 'pool_wait') o.metrics.dbPoolWaits.inc();
      else o.metrics.dbSlowQueries.inc();
      const { ok, suppressed } = due(e.kind);
      if (!ok) return;
      const more = suppressed > 0 ? { suppressed } : {};
      if (e.kind === 'pool_wait') {
        const pool = o.poolStats();
        const use = pool ? ` (${pool.total - pool.idle}/${pool.max} in use, ${pool.waiting} waiting)` : '';
        o.logger.warn(
          { event: 'db_pool_wait', ms, ...(pool ? { pool } : {}), ...more },
          `database pool: waited ${ms} ms for a connection${use}; raise DATABASE_POOL_SIZE or look for slow queries`,
        );
      } else {
        const sql = e.sql.length > SQL_SHOWN ? `${e.sql.slice(0, SQL_SHOWN)}…` : e.sql;
        o.logger.warn({ event: 'db_slow_query', ms, sql, ...more }, `slow database query: ${ms} ms`);
      }
    },
    onError(error: Error): void {
      o.metrics.dbConnectionErrors.inc();
      o.logger.warn(
        { event: 'db_connection_error', err: error },
        'database: an idle connection was lost; the pool opens a new one when needed',
      );
    },
  };
}
