import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The development Postgres (trust authentication); DEPLOY_CHECK_TEST_POSTGRES_URL points elsewhere. */
export const DEV_POSTGRES_URL =
  process.env.DEPLOY_CHECK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres';

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
