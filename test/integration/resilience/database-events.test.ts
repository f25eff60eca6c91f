import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../../src/db/client.js';
import { createDatabaseEvents } from '../../../src/db/database-events.js';
import { createMetrics } from '../../../src/metrics.js';
import { captureLogger } from '../../helpers/capture-logs.js';
import { sample } from '../../helpers/metric-sample.js';
import { createScratchDatabase, onPostgres } from '../../helpers/scratch-postgres.js';

// The Postgres driver's reports, wired as the bot wires them, against the development Postgres: a query that
// waits for the pool's only connection, and one that runs long, each become a log line and a counter.
describe.runIf(onPostgres)('database events on Postgres', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let handle: DatabaseHandle | undefined;
  const logs = captureLogger('info');
  const metrics = createMetrics({ defaultMetrics: false, poolStats: () => handle!.poolStats() });

  beforeAll(async () => {
    scratch = await createScratchDatabase('dc_events');
    const events = createDatabaseEvents({
      logger: logs.logger,
      metrics,
      poolStats: () => handle?.poolStats(),
    });
    handle = await openDatabase({
      kind: 'postgres',
      url: scratch.url,
      poolSize: 1,
      statementTimeoutMs: 5000,
      connectTimeoutMs: 5000,
      slowQueryMs: 150,
      ...events,
    });
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
  });

  it('logs and counts a slow statement without its parameters', async () => {
    const db = handle!.db;
    await db.all(sql`select pg_sleep(0.3), cast(${'secret-parameter-value'} as text)`);
    const record = logs.records().find((r) => r.event === 'db_slow_query');
    expect(record).toMatchObject({ level: 'warn', sql: 'select pg_sleep(0.3), cast(? as text)' });
    expect(record?.msg).toMatch(/^slow database query: \d+ ms$/);
    expect(logs.text()).not.toContain('secret-parameter-value');
    expect(sample(await metrics.registry.metrics(), 'deploy_check_db_slow_queries_total')).toBe(1);
  });

  it('logs and counts a wait for the pool, with the pool figures, and reports the pool in /metrics', async () => {
    const db = handle!.db;
    const holder = db.transaction(async () => {
      await db.all(sql`select pg_sleep(0.3)`);
    });
    // Starts while the transaction holds the pool's only connection.
    await new Promise((r) => setTimeout(r, 50));
    const during = await metrics.registry.metrics();
    await Promise.all([holder, db.all(sql`select 1`)]);
    const record = logs.records().find((r) => r.event === 'db_pool_wait');
    expect(record?.msg).toMatch(
      /^database pool: waited \d+ ms for a connection \(1\/1 in use, \d+ waiting\); raise DATABASE_POOL_SIZE or look for slow queries$/,
    );
    expect(record?.pool).toMatchObject({ total: 1, max: 1 });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'deploy_check_db_pool_waits_total')).toBe(1);
    expect(sample(during, 'deploy_check_db_pool_connections{state="total"}')).toBe(1);
    expect(sample(during, 'deploy_check_db_pool_connections{state="idle"}')).toBe(0);
    expect(sample(text, 'deploy_check_db_pool_connections{state="idle"}')).toBe(1);
    expect(sample(text, 'deploy_check_db_pool_max')).toBe(1);
  });
});

describe('database events', () => {
  it('logs one line per kind in ten seconds, counting every event, and says how many it left out', async () => {
    let now = 0;
    const logs = captureLogger('info');
    const metrics = createMetrics({ defaultMetrics: false });
    const events = createDatabaseEvents({
      logger: logs.logger,
      metrics,
      poolStats: () => ({ total: 10, idle: 0, waiting: 7, max: 10 }),
      now: () => now,
    });
    for (let i = 0; i < 5; i++) events.onSlow({ kind: 'pool_wait', ms: 1500, sql: 'connect' });
    now = 10_000;
    events.onSlow({ kind: 'pool_wait', ms: 2500, sql: 'connect' });
    const lines = logs.records().filter((r) => r.event === 'db_pool_wait');
    expect(lines.map((l) => [l.msg, l.suppressed])).toEqual([
      [
        'database pool: waited 1500 ms for a connection (10/10 in use, 7 waiting); raise DATABASE_POOL_SIZE or look for slow queries',
        undefined,
      ],
      [
        'database pool: waited 2500 ms for a connection (10/10 in use, 7 waiting); raise DATABASE_POOL_SIZE or look for slow queries',
        4,
      ],
    ]);
    expect(sample(await metrics.registry.metrics(), 'deploy_check_db_pool_waits_total')).toBe(6);
  });

  it('counts lost idle connections and logs them', async () => {
    const logs = captureLogger('info');
    const metrics = createMetrics({ defaultMetrics: false });
    const events = createDatabaseEvents({ logger: logs.logger, metrics, poolStats: () => undefined });
    events.onError(
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    );
    expect(logs.records()[0]).toMatchObject({
      event: 'db_connection_error',
      msg: 'database: an idle connection was lost; the pool opens a new one when needed',
    });
    expect(sample(await metrics.registry.metrics(), 'deploy_check_db_connection_errors_total')).toBe(1);
  });
});
