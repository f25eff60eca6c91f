import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '../../src/db/client.js';

/**
 * Test databases on the engine the run asks for: a SQLite file (the default) or, with
 * DEPLOY_CHECK_TEST_DATABASE=postgres, a fresh Postgres database per call on the server named by
 * DEPLOY_CHECK_TEST_PG_URL (an admin URL, e.g. postgres://postgres@127.0.0.1:55432/postgres).
 *
 * Postgres databases are cheap copies of a template migrated once per process. Every database a process
 * makes is named after an owner key it holds a session advisory lock on for its whole life, so the next
 * process to start drops what a crashed or killed one left behind (its lock is gone), and never what a live
 * one (of this run or of a run in another checkout) is using.
 */
export type TestEngine = 'sqlite' | 'postgres';

export const testEngine = (): TestEngine =>
  process.env.DEPLOY_CHECK_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase extends DatabaseHandle {
  /** How to open this database again (a second handle, a spawned bot). */
  readonly target: DatabaseTarget;
  /** The SQLite file; undefined on Postgres. */
  readonly path?: string | undefined;
  /** A scratch folder removed by cleanup, for the files a test writes beside its database. */
  readonly dir: string;
  /** Closes the handle and removes the database (the file, or the Postgres database). */
  cleanup(): Promise<void>;
}

/** A fresh database for a process the test starts, with the environment that points the bot at it. */
export interface TestDatabaseTarget {
  readonly target: DatabaseTarget;
  /** DATABASE_PATH (SQLite) or DATABASE_URL (Postgres). */
  readonly env: Readonly<Record<string, string>>;
  cleanup(): Promise<void>;
}

/** A fresh database built from the real migrations, removed by `cleanup()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-test-'));
  let fresh: Fresh;
  try {
    fresh = testEngine() === 'postgres' ? await freshPostgres() : freshSqlite(dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase(fresh.target);
  } catch (e) {
    await fresh.drop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...handle,
    target: fresh.target,
    path: fresh.target.kind === 'sqlite' ? fresh.target.path : undefined,
    dir,
    async cleanup() {
      try {
        await handle.close();
        await fresh.drop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A fresh database not opened here: SQLite names a file in a new folder (the bot creates and migrates it),
 * Postgres a migrated database of its own.
 */
export async function testDatabaseTarget(): Promise<TestDatabaseTarget> {
  if (testEngine() === 'postgres') {
    const fresh = await freshPostgres();
    const url = (fresh.target as { url: string }).url;
    return { target: fresh.target, env: { DATABASE_URL: url }, cleanup: fresh.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-test-'));
  const { target } = freshSqlite(dir);
  return {
    target,
    env: { DATABASE_PATH: (target as { path: string }).path },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Fresh {
  readonly target: DatabaseTarget;
  drop(): Promise<void>;
}

const freshSqlite = (dir: string): Fresh => ({
  target: { kind: 'sqlite', path: join(dir, 'test.sqlite') },
  drop: async () => undefined,
});

// ---- Postgres ----

/** Names of every database this helper makes: `dc_test_<owner key>_<suffix>`. */
const PREFIX = 'dc_test_';
/** The first half of the owner keys' advisory locks (the second is the key); no other lock uses it. */
const LOCK_SPACE = 0x6463_7465;

/** The admin connection of this process: it holds the owner lock and runs every CREATE/DROP DATABASE. */
interface Owner {
  readonly admin: pg.Client;
  readonly adminUrl: string;
  readonly key: number;
  readonly template: string;
}
let owner: Promise<Owner> | undefined;
let made = 0;

const pgTarget = (adminUrl: string, database: string): DatabaseTarget => {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return {
    kind: 'postgres',
    url: u.toString(),
    poolSize: 5,
    statementTimeoutMs: 30_000,
    connectTimeoutMs: 5_000,
  };
};

/** The server as named in errors: no password. */
const redacted = (url: string) => {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
};

/** A Postgres database with no tables at all, for tests of the migration itself. */
export async function emptyPostgresTarget(): Promise<TestDatabaseTarget> {
  const fresh = await freshPostgres({ empty: true });
  const url = (fresh.target as { url: string }).url;
  return { target: fresh.target, env: { DATABASE_URL: url }, cleanup: fresh.drop };
}

async function freshPostgres(opts: { empty?: boolean } = {}): Promise<Fresh> {
  const o = await ownerOfProcess();
  made += 1;
  const name = `${PREFIX}${o.key}_${made}`;
  await o.admin.query(`create database "${name}" template "${opts.empty ? 'template0' : o.template}"`);
  return {
    target: pgTarget(o.adminUrl, name),
    drop: async () => {
      await o.admin.query(`drop database if exists "${name}" with (force)`);
    },
  };
}

function ownerOfProcess(): Promise<Owner> {
  owner ??= startOwner().catch((e: unknown) => {
    owner = undefined;
    throw e;
  });
  return owner;
}

async function startOwner(): Promise<Owner> {
  const adminUrl = process.env.DEPLOY_CHECK_TEST_PG_URL;
  if (!adminUrl)
    throw new Error(
      'DEPLOY_CHECK_TEST_DATABASE=postgres needs DEPLOY_CHECK_TEST_PG_URL, the admin URL of a Postgres server the tests may create databases on (e.g. postgres://postgres@127.0.0.1:55432/postgres).',
    );
  const admin = await connectAdmin(adminUrl);
  // A server that goes away mid-run fails the next query; this process starts over on the next call.
  admin.on('error', () => {
    owner = undefined;
  });
  // The connection must not keep a finished test process alive.
  (admin as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
  try {
    const key = await claimOwnerKey(admin);
    await dropAbandoned(admin, key);
    const template = `${PREFIX}${key}_template`;
    await admin.query(`create database "${template}"`);
    const h = await openDatabase(pgTarget(adminUrl, template));
    await h.close();
    return { admin, adminUrl, key, template };
  } catch (e) {
    await admin.end().catch(() => undefined);
    throw e;
  }
}

async function connectAdmin(adminUrl: string): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
    return admin;
  } catch (e) {
    throw new Error(
      `DEPLOY_CHECK_TEST_DATABASE=postgres, but the Postgres server at DEPLOY_CHECK_TEST_PG_URL (${redacted(adminUrl)}) cannot be reached: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/** A random key no live process holds, locked by this one until it exits. */
async function claimOwnerKey(admin: pg.Client): Promise<number> {
  for (;;) {
    const key = 1 + Math.floor(Math.random() * 0x7fff_fffe);
    const r = await admin.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      LOCK_SPACE,
      key,
    ]);
    if (r.rows[0]?.ok) return key;
  }
}

/**
 * Drops every test database whose process is gone, e.g. from a global teardown once the workers have
 * exited (each process also does it when it starts, for whatever a crashed run left).
 */
export async function dropAbandonedTestDatabases(): Promise<void> {
  const adminUrl = process.env.DEPLOY_CHECK_TEST_PG_URL;
  if (testEngine() !== 'postgres' || !adminUrl) return;
  const admin = await connectAdmin(adminUrl);
  try {
    await dropAbandoned(admin);
  } finally {
    await admin.end();
  }
}

/** Drops the databases of owners whose lock is free (their process is gone). */
async function dropAbandoned(admin: pg.Client, ownKey?: number): Promise<void> {
  const r = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'dc\\_test\\_%'",
  );
  const byKey = new Map<number, string[]>();
  for (const { datname } of r.rows) {
    const key = Number(/^dc_test_(\d+)_/.exec(datname)?.[1]);
    if (!Number.isSafeInteger(key) || key === ownKey) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), datname]);
  }
  for (const [key, names] of byKey) {
    const free = await admin.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      LOCK_SPACE,
      key,
    ]);
    if (!free.rows[0]?.ok) continue;
    try {
      for (const name of names) await admin.query(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.query('select pg_advisory_unlock($1, $2)', [LOCK_SPACE, key]);
    }
  }
}
