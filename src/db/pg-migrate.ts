import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import { postgresMigrationsFolder } from './migrations-folder.js';

/** Any fixed number: replicas starting together take this lock, so exactly one of them migrates. */
const MIGRATION_LOCK = 7_242_019;

/** Applies pending Postgres migrations under an advisory lock held on one connection. */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: postgresMigrationsFolder() });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
