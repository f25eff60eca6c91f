import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './helpers/postgres-cluster.js';

/**
 * Global setup of the "postgres" project: one throwaway cluster for the whole run (each test creates its own
 * database in it, see helpers/db.ts), handed to the workers as DEPLOY_CHECK_TEST_PG_URL. A server already
 * named by DEPLOY_CHECK_TEST_PG_URL is used instead. Without Postgres the config swapped the project's tests
 * for one skipped test and said why; the reason is repeated after the summary, where it is seen.
 */
export default async function setup(project: TestProject) {
  const unavailable = project.config.env.DEPLOY_CHECK_TEST_PG_UNAVAILABLE;
  if (unavailable)
    return () => console.warn(`\n!!! Postgres tests SKIPPED: ${unavailable}\n!!! Only SQLite was tested.\n`);
  if (process.env.DEPLOY_CHECK_TEST_PG_URL) return;
  const cluster = await startPostgresCluster();
  project.config.env.DEPLOY_CHECK_TEST_PG_URL = cluster.url;
  return () => cluster.destroy();
}
