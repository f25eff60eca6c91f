import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The test run's Postgres (trust authentication): the server the "postgres" project's global setup started,
 * or the one DEPLOY_CHECK_TEST_PG_URL names. Tests that need it run in that project only (`onPostgres`);
 * the project says loudly when it has no server.
 */
export const DEV_POSTGRES_URL = process.env.DEPLOY_CHECK_TEST_PG_URL ?? '';
export const onPostgres = process.env.DEPLOY_CHECK_TEST_DATABASE === 'postgres' && DEV_POSTGRES_URL !== '';

/** Runs one statement on the development server's maintenance database. */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: DEV_POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test (a unique name), dropped after; `url` reaches it. */
export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${name}"`);
  const url = new URL(DEV_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}
