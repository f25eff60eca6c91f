import { eq } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { itemStates } from '../../../src/db/schema.js';
import { startPostgresCluster } from '../../helpers/postgres-cluster.js';
import {
  alive,
  type ClickTarget,
  eventually,
  note,
  type Replica,
  replicaFixture,
  sleep,
} from './replica-fixture.js';

const readiness = async (r: Replica) => {
  try {
    return (await fetch(`${r.url}/ready`, { signal: AbortSignal.timeout(3000) })).status;
  } catch {
    return 0;
  }
};

describe('Postgres restarts in the middle of a burst of clicks on three replicas', () => {
  const f = replicaFixture();

  it('loses no acknowledged click, reports not ready while the database is away, and recovers', {
    timeout: 90_000,
  }, async () => {
    // A cluster of its own: the test stops it.
    const cluster = await startPostgresCluster();
    f.onCleanup(() => cluster.destroy());
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database replicas');
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = '/replicas';
    const {
      replicas,
      logs,
      openReleaseThread,
      click: postClick,
    } = await f.start({
      databaseUrl: url.toString(),
      replicas: 3,
      env: { DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '3000' },
    });
    const pids = replicas.map((r) => r.child.pid);
    const { stale } = await openReleaseThread();
    // Each click ticks an item nobody else ticks: its stored state can only come from that click.
    const duringBurst = stale.slice(0, 60);
    const afterRestart = stale.slice(60);

    const acked: string[] = [];
    const answers: (number | string)[] = [];
    const click = async (target: ClickTarget, user: string) => {
      try {
        const r = await postClick(target, user);
        answers.push(r.status);
        if (r.status === 200) acked.push(target.value);
        return r.status;
      } catch {
        answers.push('cut');
        return 0;
      }
    };
    // One click every 60 ms (about 3.6 s of clicks); the database goes away after the first 15.
    const burst = duringBurst.map(async (t, i) => {
      await sleep(i * 60);
      return click(t, `UB${i}`);
    });
    while (answers.length < 15) await sleep(10);
    const downAt = Date.now();
    await cluster.stop();
    const notReady = await eventually(
      async () => (await Promise.all(replicas.map(readiness))).every((s) => s === 503),
      10_000,
    );
    const readyWhileDown = await Promise.all(replicas.map(readiness));
    await sleep(1000);
    await cluster.start();
    const upAt = Date.now();
    const readyAgain = await eventually(
      async () => (await Promise.all(replicas.map(readiness))).every((s) => s === 200),
      20_000,
    );
    const readyMs = Date.now() - upAt;
    await Promise.all(burst);
    note(
      `database away ${upAt - downAt} ms; replicas ready ${readyMs} ms after it came back; answers ${JSON.stringify(answers)}`,
    );
    expect(notReady, `/ready while the database was away: ${readyWhileDown}\n${logs()}`).toBe(true);
    expect(readyAgain, logs()).toBe(true);

    // Clicks after the restart work (through every replica: the balancer takes turns).
    const after = await Promise.all(afterRestart.map((t, i) => click(t, `UA${i}`)));
    expect(
      after.every((s) => s === 200),
      `answers after the restart: ${after}\n${logs()}`,
    ).toBe(true);

    const handle = await f.open({
      kind: 'postgres',
      url: url.toString(),
      poolSize: 2,
      statementTimeoutMs: 5000,
      connectTimeoutMs: 5000,
    });
    const done = new Set(
      (await handle.db.select().from(itemStates).where(eq(itemStates.state, 'done')).all()).map(
        (r) => r.itemId,
      ),
    );
    expect(acked.filter((v) => !done.has(v))).toEqual([]);
    expect(afterRestart.every((t) => done.has(t.value))).toBe(true);
    // Nobody crashed or was restarted: the same three processes still run.
    expect(replicas.every(alive), logs()).toBe(true);
    expect(replicas.map((r) => r.child.pid)).toEqual(pids);
  });
});
