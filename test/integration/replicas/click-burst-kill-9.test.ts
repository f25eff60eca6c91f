import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { itemStates, outbox, releases } from '../../../src/db/schema.js';
import { optionsOf } from '../../helpers/slack-harness.js';
import { alive, duplicatePosts, eventually, note, replicaFixture } from './replica-fixture.js';

const CLICKS = 200;

describe('three replicas on one Postgres, one killed with -9 during a burst of clicks', () => {
  const f = replicaFixture();

  it('stores every acknowledged click, converges the thread and delivers each post once', {
    timeout: 90_000,
  }, async () => {
    // An empty database: the three replicas starting together also race for the migrations.
    const database = await f.database({ empty: true });
    const { fake, replicas, click, openReleaseThread, sqliteUnused } = await f.start({
      databaseUrl: database.env.DATABASE_URL!,
      replicas: 3,
    });
    // Each click below is made on a view as first posted.
    const { parent, stale } = await openReleaseThread();
    expect(stale.length).toBe(81);

    const acked: string[] = [];
    const statuses = new Map<number | string, number>();
    const victim = replicas[1]!;
    const burst = Array.from({ length: CLICKS }, async (_, i) => {
      const target = stale[i % stale.length]!;
      try {
        const r = await click(target, `U${1000 + i}`);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200) acked.push(target.value);
      } catch {
        statuses.set('cut', (statuses.get('cut') ?? 0) + 1);
      }
    });
    const started = Date.now();
    while (acked.length < 40 && Date.now() - started < 20_000) await new Promise((r) => setImmediate(r));
    victim.child.kill('SIGKILL');
    await Promise.all(burst);
    const burstMs = Date.now() - started;
    note(`burst of ${CLICKS} clicks: ${burstMs} ms, answers ${JSON.stringify([...statuses])}`);
    expect(acked.length).toBeGreaterThanOrEqual(40);
    expect(alive(victim)).toBe(false);
    expect(replicas.filter(alive)).toHaveLength(2);

    const { db } = await f.open(database.target);
    const release = (await db.select().from(releases).get())!;
    const done = async () =>
      new Set(
        (
          await db
            .select()
            .from(itemStates)
            .where(and(eq(itemStates.releaseId, release.id), eq(itemStates.state, 'done')))
            .all()
        ).map((r) => r.itemId),
      );
    const stored = await done();
    // Every click answered 200 is in the database; nothing else was ticked.
    expect(acked.filter((v) => !stored.has(v))).toEqual([]);
    const clicked = new Set(stale.map((t) => t.value));
    expect([...stored].filter((v) => !clicked.has(v))).toEqual([]);

    // Convergence: the latest version of each section message shows exactly the stored states. A row the
    // killed replica had claimed waits for its claim to run out (15 s) before a survivor sends it.
    const shown = () => {
      const out = new Map<string, boolean>();
      for (const m of fake.thread('CREL', parent.ts))
        for (const b of m.blocks.filter((x) => String(x.block_id).startsWith('g|'))) {
          const { options, selected } = optionsOf(m, String(b.block_id));
          for (const o of options) out.set(o.value, selected.includes(o.value));
        }
      return out;
    };
    const mismatches = (states: Set<string>) =>
      [...shown()].filter(([item, ticked]) => ticked !== states.has(item)).map(([item]) => item);
    const convergeStart = Date.now();
    const converged = await eventually(async () => mismatches(await done()).length === 0, 40_000);
    note(`thread converged ${Date.now() - convergeStart} ms after the burst`);
    expect(converged, `views differ from the database on ${mismatches(await done()).join(', ')}`).toBe(true);
    expect(shown().size).toBe(81);

    // Each outbox row delivered once: the queue drained, nothing failed, no post reached Slack twice.
    expect(await eventually(async () => (await db.select().from(outbox).all()).length === 0, 20_000)).toBe(
      true,
    );
    expect(duplicatePosts(fake)).toEqual([]);
    expect(fake.channelMessages('CREL').filter((m) => !m.threadTs)).toHaveLength(1);
    expect(sqliteUnused()).toBe(true);
    expect(replicas.filter(alive)).toHaveLength(2);
  });
});
