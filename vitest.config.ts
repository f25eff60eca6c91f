import { configDefaults, defineConfig } from 'vitest/config';
import { postgresAvailable } from './test/helpers/postgres-cluster.js';

/** Several bot processes on one shared database: Postgres only (SQLite is one process's file). */
const REPLICA_TESTS = 'test/integration/replicas/**/*.test.ts';
/**
 * The tests that touch the database, run a second time on Postgres (project "postgres"). One list, to tune:
 * everything else (scan, probes, charts, CLI without a database …) gains nothing from a second engine.
 */
const POSTGRES_TESTS = [
  'test/unit/db/**/*.test.ts',
  'test/unit/domain/**/*.test.ts',
  'test/unit/jobs/**/*.test.ts',
  'test/unit/slack/**/*.test.ts',
  'test/integration/release/**/*.test.ts',
  'test/integration/home/**/*.test.ts',
  'test/integration/outbox/**/*.test.ts',
  'test/integration/maintenance/**/*.test.ts',
  'test/integration/api/**/*.test.ts',
  'test/integration/monitor/watch-replicas.test.ts',
  'test/integration/monitor/watch-restart.test.ts',
  'test/integration/cli/db-copy.test.ts',
  'test/integration/first-run/database-url.test.ts',
  'test/integration/resilience/database-events.test.ts',
  REPLICA_TESTS,
];

// A server named by DEPLOY_CHECK_TEST_PG_URL is used as it is; otherwise the global setup starts a throwaway one.
const postgres = process.env.DEPLOY_CHECK_TEST_PG_URL ? ({ ok: true } as const) : postgresAvailable();
// Said up front (even when a file filter leaves the project nothing to run) and once: vitest loads this file
// again for each project that extends it.
const warned = Symbol.for('deploy-check.postgres-skip-warned');
if (!postgres.ok && !(globalThis as Record<symbol, unknown>)[warned]) {
  (globalThis as Record<symbol, unknown>)[warned] = true;
  console.warn(`\n!!! Postgres tests will be SKIPPED: ${postgres.reason}\n`);
}

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real HTTP servers and databases; two workers match the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, REPLICA_TESTS],
          env: { DEPLOY_CHECK_TEST_DATABASE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          // Without a server the project runs one skipped test whose name says why (and the setup says it
          // aloud), so a missing Postgres shows as skipped, never as passed.
          include: postgres.ok ? POSTGRES_TESTS : ['test/postgres-unavailable.ts'],
          env: {
            DEPLOY_CHECK_TEST_DATABASE: 'postgres',
            ...(postgres.ok ? {} : { DEPLOY_CHECK_TEST_PG_UNAVAILABLE: postgres.reason }),
          },
          globalSetup: ['test/global-setup-postgres.ts'],
        },
      },
    ],
  },
});
