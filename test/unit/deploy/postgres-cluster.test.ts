import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PostgresCluster,
  postgresAvailable,
  SERVER_USER,
  startPostgresCluster,
} from '../../helpers/postgres-cluster.js';

// The throwaway server the "postgres" test project and the replica tests stand on: it must come back after
// a restart and after a crash with its data, and leave nothing running behind it.

const available = postgresAvailable();
if (!available.ok) console.warn(`SKIPPED postgres-cluster.test.ts: ${available.reason}`);

const query = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
};
const reachable = (url: string) =>
  query(url, 'select 1').then(
    () => true,
    () => false,
  );
/** Processes whose command line names `path` (the postmaster is started with -D <data dir>). */
const processesNaming = (path: string) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(path);
      } catch {
        return false;
      }
    });

describe.skipIf(!available.ok)('throwaway Postgres cluster', () => {
  let cluster: PostgresCluster;
  let dataDir: string;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    dataDir = String((await query(cluster.url, "select current_setting('data_directory') as d"))[0]!.d);
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('listens on loopback at the port it reports, with trust auth, fsync off, not as root', async () => {
    expect(cluster.url).toBe(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`);
    const [row] = await query(cluster.url, "select current_setting('fsync') as fsync");
    expect(row!.fsync).toBe('off');
    if (process.getuid?.() === 0) {
      const owner = readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${SERVER_USER}:`))
        ?.split(':')[2];
      expect(statSync(dataDir).uid).toBe(Number(owner));
    }
  });

  it('keeps committed rows across a restart and across kill -9 (crash recovery)', async () => {
    await query(cluster.url, 'create table t (x int)');
    await query(cluster.url, 'insert into t values (1)');
    await cluster.restart();
    await query(cluster.url, 'insert into t values (2)');
    await cluster.kill9();
    expect(await reachable(cluster.url)).toBe(false);
    expect(processesNaming(dataDir)).toEqual([]);
    await cluster.start();
    expect(await query(cluster.url, 'select x from t order by x')).toEqual([{ x: 1 }, { x: 2 }]);
  }, 60_000);

  it('stops, starts again on the same port, and leaves nothing behind when destroyed', async () => {
    await cluster.stop();
    expect(await reachable(cluster.url)).toBe(false);
    await cluster.start();
    expect(await reachable(cluster.url)).toBe(true);
    await cluster.destroy();
    expect(await reachable(cluster.url)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    expect(processesNaming(dataDir)).toEqual([]);
  }, 60_000);
});
