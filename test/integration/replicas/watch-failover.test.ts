import { resolve } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { releases, watchEvents, watches, watchSamples } from '../../../src/db/schema.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { duplicatePosts, eventually, note, replicaFixture, sleep } from './replica-fixture.js';

const TOKEN = 'dc-test-replicas-token-0123456789abcdef';
const INTERVAL_MS = 1000;
/** Breaching samples in a row before the rollback reminder: the streak spans the kill. */
const CONSECUTIVE = 4;

describe('a watch keeps sampling after the replica sampling it is killed with -9', () => {
  const f = replicaFixture();

  it('continues within two intervals on another replica, with one reminder', {
    timeout: 90_000,
  }, async () => {
    const target = await startMetricsTarget();
    f.onCleanup(() => target.close());
    // The service's traffic: 100 requests a second, 20 % of them failing once `failing` is set.
    let failing = false;
    const traffic = setInterval(() => target.serve(10, failing ? 2 : 0), 100);
    f.onCleanup(() => clearInterval(traffic));

    const database = await f.database();
    const { fake, replicas, proxy, logs } = await f.start({
      databaseUrl: database.env.DATABASE_URL!,
      replicas: 3,
      env: { DC_API_TOKEN: TOKEN },
      configYaml: `timezone: UTC
checklist: ${resolve('test/fixtures/mini-checklist.yml')}
services:
  - name: api
    baseUrl: ${target.url}
    channel: CREL
    monitor:
      source: { type: metrics, url: ${target.metricsUrl} }
      intervalSeconds: ${INTERVAL_MS / 1000}
      consecutive: ${CONSECUTIVE}
      minRequests: 10
api:
  tokens:
    - { name: ci, token: "\${DC_API_TOKEN}", services: [api] }
`,
    });
    const api = async (path: string, body: unknown) => {
      const r = await fetch(`${proxy.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, json: (await r.json()) as { id: string } };
    };
    const { db } = await f.open(database.target);

    const opened = await api('/releases', { service: 'api', version: '1.2.3', env: 'production' });
    expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    // Sign-offs and approvals are tested elsewhere: the release is approved in the database directly.
    await db.update(releases).set({ status: 'approved' }).where(eq(releases.id, opened.json.id)).run();
    const deployedAt = Date.now();
    expect((await api(`/releases/${opened.json.id}/deployed`, {})).status).toBe(200);

    const samples = () => db.select().from(watchSamples).orderBy(asc(watchSamples.at)).all();
    const watch = async () => (await db.select().from(watches).get())!;
    const reminderPosts = () =>
      fake.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' && !c.error && /Consider rolling back/.test(String(c.args.text)),
      );
    expect(await eventually(async () => (await samples()).length >= 1, 10_000), logs()).toBe(true);
    // Healthy traffic until every replica has had its discovery pass (5 s) and times the watch.
    await sleep(Math.max(0, deployedAt + 6500 - Date.now()));
    failing = true;
    const failingSince = Date.now();
    const breaches = async () => (await samples()).filter((s) => s.at > failingSince && s.ratio > 0.1);
    expect(await eventually(async () => (await breaches()).length >= 2, 10_000)).toBe(true);
    expect(reminderPosts()).toHaveLength(0);

    const holder = (await watch()).leaseOwner ?? '';
    const victim = replicas.find((r) => holder.split(':')[1] === String(r.child.pid));
    expect(victim, `lease held by "${holder}", not one of the replicas`).toBeDefined();
    const before = (await samples()).at(-1)!;
    victim!.child.kill('SIGKILL');
    const killedAt = Date.now();

    expect(
      await eventually(async () => (await samples()).some((s) => s.at > killedAt), 5 * INTERVAL_MS),
      `no sample after the kill\n${logs()}`,
    ).toBe(true);
    const after = (await samples()).find((s) => s.at > before.at)!;
    const gap = after.at - before.at;
    const taker = (await watch()).leaseOwner ?? '';
    note(
      `last sample before the kill -> first after: ${gap} ms (interval ${INTERVAL_MS} ms); lease ${holder} -> ${taker}`,
    );
    expect(gap).toBeLessThanOrEqual(2 * INTERVAL_MS);
    expect(taker).not.toBe(holder);
    expect(replicas.some((r) => r !== victim && taker.split(':')[1] === String(r.child.pid))).toBe(true);

    // The streak begun on the killed replica completes on another: one reminder, not zero, not two.
    expect(await eventually(() => reminderPosts().length > 0, 15_000), logs()).toBe(true);
    const count = (await samples()).length;
    await sleep(3 * INTERVAL_MS);
    expect((await samples()).length).toBeGreaterThan(count);
    expect(reminderPosts()).toHaveLength(1);
    const reminders = (await db.select().from(watchEvents).all()).filter((e) => e.kind === 'reminder');
    expect(reminders).toHaveLength(1);
    expect(duplicatePosts(fake)).toEqual([]);
    // One sample per step: no two replicas sampled the same interval. The taker's first sample is the overdue
    // step (half an interval late), and the next one comes on the old schedule, half an interval after it.
    const times = (await samples()).map((s) => s.at);
    const doubled = times.slice(1).filter((t, i) => t - times[i]! < INTERVAL_MS / 4);
    expect(doubled, `sampled at ${times.map((t) => t - times[0]!)}`).toEqual([]);
  });
});
