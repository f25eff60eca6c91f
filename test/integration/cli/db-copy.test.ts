import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../../src/db/client.js';
import { copyPlan } from '../../../src/db/copy-database.js';
import * as s from '../../../src/db/schema.js';
import { startCli } from '../../helpers/run-cli.js';
import { createScratchDatabase, onPostgres } from '../../helpers/scratch-postgres.js';
import { freePort } from '../../helpers/spawn-bot.js';

// The real `deploy-check db copy` against a SQLite file written through the schema, into a fresh database on
// the development Postgres.

const T = 1_767_225_600_000;
const report = {
  root: '.',
  checks: [{ id: 'hsts', verdict: 'pass', summary: 'HSTS on', why: 'nginx sets it', fix: '', evidence: [] }],
  items: [
    {
      item: 'sec.hsts',
      text: 'HSTS “on” ✓',
      verdict: 'pass',
      checks: ['hsts'],
      summary: 'ok',
      why: '',
      fix: '',
      evidence: [
        { path: 'nginx.conf', line: 3, text: 'add_header Strict-Transport-Security "max-age=63072000"' },
      ],
    },
  ],
  nested: { deep: [1, 2.5, null, true, 'ünïcödé'] },
};
const effects = { ticked: ['sec.hsts'], failing: [], flagged: ['ops.backup'] };

/** Writes a few rows into every table, the way the repositories store them (JSON text, 0/1 booleans). */
async function fill(db: DatabaseHandle['db']) {
  await db.insert(s.releases).values([
    ...['r1', 'r2', 'r3'].map((id, i) => ({
      id,
      service: 'payments-api',
      version: `1.${i}.0`,
      env: 'production',
      channelId: 'C123',
      threadTs: i === 2 ? null : `1700000000.00010${i}`,
      createdBy: 'U1',
      status: (['open', 'deployed', 'cancelled'] as const)[i]!,
      checklistHash: 'abc',
      createdAt: T + i,
      updatedAt: T + i,
    })),
  ]);
  await db
    .insert(s.releaseMessages)
    .values({ releaseId: 'r1', sectionId: 'security', ts: '1700000000.000200' });
  await db.insert(s.itemStates).values([
    {
      releaseId: 'r1',
      itemId: 'sec.hsts',
      state: 'done',
      source: 'scan',
      by: 'scan',
      at: T,
      evidence: 'run 1',
    },
    { releaseId: 'r1', itemId: 'ops.backup', state: 'na', by: 'U2', at: T, reason: "it's a 'quoted' reason" },
  ]);
  await db.insert(s.sectionSignoffs).values({ releaseId: 'r1', sectionId: 'security', userId: 'U2', at: T });
  await db.insert(s.approvals).values({ releaseId: 'r2', userId: 'U3', at: T });
  for (let i = 0; i < 25; i++)
    await db.insert(s.auditLog).values({
      releaseId: 'r1',
      actor: 'U1',
      action: 'item.ticked',
      target: `item-${i}`,
      detail: { i, note: 'a "quoted" ü value', list: [i, i * 2] },
      via: 'block_action',
      at: T + i,
    });
  await db.insert(s.processedRequests).values({ key: 'req-1', at: T });
  await db.insert(s.probeRuns).values({
    releaseId: 'r1',
    service: 'payments-api',
    target: 'https://api.example.com',
    requestedBy: 'U1',
    startedAt: T,
    durationMs: 1200,
    ...{ pass: 5, warn: 1, fail: 0, skip: 2 },
  });
  await db.insert(s.probeResults).values({
    runId: 1,
    probeId: 'hsts',
    status: 'pass',
    summary: 'max-age 2 years',
    durationMs: 40,
  });
  await db.insert(s.scanRuns).values({
    releaseId: 'r1',
    commit: 'deadbeef',
    appRoot: '.',
    submittedBy: 'api:ci',
    via: 'api',
    startedAt: T,
    receivedAt: T + 5,
    ...{ pass: 1, warn: 0, fail: 0, unknown: 0 },
    report: report as never,
    effects,
  });
  await db.insert(s.watches).values({
    releaseId: 'r2',
    service: 'payments-api',
    status: 'completed',
    startedAt: T,
    endsAt: T + 1_800_000,
    nextSampleAt: T + 30_000,
    settings: { threshold: 0.01, windowMinutes: 30 },
    state: { breaches: 0, samples: [0.001, 0.0025] },
    updatedAt: T,
  });
  await db
    .insert(s.watchEvents)
    .values({ watchId: 1, kind: 'started', actor: 'U1', at: T, detail: { by: 'U1' } });
  for (let i = 0; i < 7; i++)
    await db
      .insert(s.watchSamples)
      .values({ watchId: 1, at: T + i * 30_000, errors: i, total: 1000, ratio: i / 1000 });
  await db.insert(s.watchCharts).values({ watchId: 1, purpose: 'reminder', until: T, createdAt: T });
  await db.insert(s.jobRuns).values([
    { jobId: 'maintenance', periodKey: '2026-01', startedAt: T, finishedAt: T + 1, late: true },
    { jobId: 'certificates', periodKey: '2026-01-01', startedAt: T, late: false },
  ]);
  await db.insert(s.maintenanceCycles).values({
    scheduleId: 'monthly-maintenance',
    periodKey: '2026-01',
    channelId: 'C123',
    postedAt: T,
    late: true,
  });
  await db.insert(s.maintenanceItems).values({ cycleId: 1, itemId: 'patch', owner: 'U4' });
  await db
    .insert(s.certWarnings)
    .values({ service: 'payments-api', validTo: '2026-02-01', thresholdDays: 30, postedAt: T });
  await db.insert(s.slackUsers).values({ id: 'U1', name: 'Ada', updatedAt: T });
  for (let i = 0; i < 4; i++)
    await db.insert(s.outbox).values({
      key: `post:${i}`,
      kind: 'post',
      channel: 'C123',
      payload: { text: `message ${i}`, blocks: [{ type: 'section' }] },
      dueAt: T,
      createdAt: T,
    });
  // Delivered rows are deleted: SQLite remembers id 4 was used (sqlite_sequence), Postgres must not reuse it.
  await db.delete(s.outbox).where(eq(s.outbox.id, 4));
  await db
    .insert(s.homeVisitors)
    .values({ userId: 'U1', openedAt: T, groups: ['S1', 'S2'], notice: 'Done ✓' });
  await db.insert(s.nudgesSent).values({ releaseId: 'r1', userId: 'U2', about: 'section:security', at: T });
  // Only Postgres replicas write it (a lone SQLite process paces in memory); copied all the same.
  await db.insert(s.slackRateLanes).values({ lane: 'c:C123', tokens: 2.5, at: T });
}

const PASSWORD = 'C0py-secret-pw';

const openTarget = (url: string) =>
  openDatabase({ kind: 'postgres', url, poolSize: 2, statementTimeoutMs: 5000, connectTimeoutMs: 5000 });
const countOf = async (db: DatabaseHandle['db'], table: string) =>
  Number(((await db.get(sql.raw(`select count(*) from "${table}"`))) as [number])[0]);

describe.runIf(onPostgres)('deploy-check db copy', () => {
  let dir: string;
  let file: string;
  let target: { url: string; drop(): Promise<void> };
  const counts = new Map<string, number>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-dbcopy-'));
    file = join(dir, 'source.sqlite');
    const source = await openDatabase(file);
    await fill(source.db);
    for (const t of copyPlan())
      counts.set(
        t.name,
        Number(((await source.db.get(sql.raw(`select count(*) from "${t.name}"`))) as [number])[0]),
      );
    await source.close();
    target = await createScratchDatabase('dc_copy');
  }, 60_000);
  afterAll(async () => {
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const copy = (...args: string[]) => startCli(['db', 'copy', '--from', file, ...args], {}).exited;

  it('copies every table in one go, and the counts, JSON and ids survive', async () => {
    // Every table of the schema holds rows, so none is left out unnoticed.
    expect([...counts].filter(([, n]) => n === 0)).toEqual([]);
    const r = await copy('--to', target.url, '--batch', '3');
    expect(r.stderr).toContain(`Copying ${file} into`);
    expect(r.code).toBe(0);
    for (const [table, n] of counts) expect(r.stdout).toMatch(new RegExp(`^${table} +${n}\\b`, 'm'));
    expect(r.stdout).toMatch(/^outbox +3 +5$/m);
    expect(r.stdout).toMatch(
      new RegExp(`Copied ${[...counts.values()].reduce((a, b) => a + b)} rows in ${counts.size} tables`),
    );

    const pg = await openTarget(target.url);
    try {
      for (const [table, n] of counts) expect([table, await countOf(pg.db, table)]).toEqual([table, n]);
      const scan = await pg.db.select().from(s.scanRuns).get();
      expect(scan?.report).toEqual(report);
      expect(scan?.effects).toEqual(effects);
      const audit = await pg.db.select().from(s.auditLog).orderBy(asc(s.auditLog.id)).all();
      expect(audit.map((a) => a.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(audit[7]?.detail).toEqual({ i: 7, note: 'a "quoted" ü value', list: [7, 14] });
      expect((await pg.db.select().from(s.homeVisitors).get())?.groups).toEqual(['S1', 'S2']);
      const jobs = await pg.db.select().from(s.jobRuns).orderBy(asc(s.jobRuns.jobId)).all();
      expect(jobs.map((j) => [j.jobId, j.late])).toEqual([
        ['certificates', false],
        ['maintenance', true],
      ]);
      const samples = await pg.db.select().from(s.watchSamples).orderBy(asc(s.watchSamples.id)).all();
      expect(samples.map((x) => x.ratio)).toEqual([0, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006]);
      expect(
        (await pg.db.select().from(s.itemStates).where(eq(s.itemStates.itemId, 'ops.backup')).get())?.reason,
      ).toBe("it's a 'quoted' reason");

      // New rows continue after the copied ids (and after the outbox id SQLite used and deleted).
      const [{ id: auditId }] = (await pg.db
        .insert(s.auditLog)
        .values({ actor: 'U1', action: 'after.copy', via: 'cli', at: T })
        .returning({ id: s.auditLog.id })) as [{ id: number }];
      expect(auditId).toBe(26);
      const [{ id: outboxId }] = (await pg.db
        .insert(s.outbox)
        .values({ key: 'after', kind: 'post', channel: 'C1', dueAt: T, createdAt: T })
        .returning({ id: s.outbox.id })) as [{ id: number }];
      expect(outboxId).toBe(5);
    } finally {
      await pg.close();
    }
  }, 120_000);

  it('refuses a target that already has rows, naming the tables, and changes nothing', async () => {
    const r = await copy('--to', target.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^deploy-check db: refused: the target database already has rows in releases, .*audit_log.*; copy into a new, empty database/im,
    );
    expect(r.stdout).toBe('');
    const pg = await openTarget(target.url);
    try {
      expect(await countOf(pg.db, 'audit_log')).toBe(26);
      expect(await countOf(pg.db, 'releases')).toBe(3);
    } finally {
      await pg.close();
    }
  }, 60_000);

  it('keeps nothing when a row cannot be copied (one transaction)', async () => {
    const broken = join(dir, 'broken.sqlite');
    const source = await openDatabase(broken);
    await fill(source.db);
    // SQLite keeps text in an integer column; Postgres refuses it, half-way through the copy.
    await source.db.run(sql`update watch_samples set errors = 'many' where id = 7`);
    await source.close();
    const empty = await createScratchDatabase('dc_copy_fail');
    try {
      const r = await startCli(['db', 'copy', '--from', broken, '--to', empty.url, '--batch', '2'], {})
        .exited;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^deploy-check db: copy failed, nothing was kept: invalid input syntax for type bigint: "many"$/m,
      );
      const pg = await openTarget(empty.url);
      try {
        for (const t of copyPlan()) expect([t.name, await countOf(pg.db, t.name)]).toEqual([t.name, 0]);
      } finally {
        await pg.close();
      }
    } finally {
      await empty.drop();
    }
  }, 60_000);

  it('takes the URL from DATABASE_URL when --to is not given', async () => {
    const r = await startCli(['db', 'copy', '--from', file], { DATABASE_URL: target.url }).exited;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused: the target database already has rows');
  }, 60_000);

  it('masks the password of a URL it cannot use', async () => {
    const bad = await copy('--to', `mysql://deploy:${PASSWORD}@127.0.0.1/deploy`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'deploy-check db: --to must start with postgres:// or postgresql:// (it starts with mysql:)',
    );
    const port = await freePort();
    const closed = await copy('--to', `postgres://deploy:${PASSWORD}@127.0.0.1:${port}/deploy`);
    expect(closed.code).toBe(1);
    expect(closed.stderr.trim()).toBe(
      `deploy-check db: cannot reach Postgres at 127.0.0.1:${port} (ECONNREFUSED): nothing listens there; check the host and port in --to.`,
    );
    for (const r of [bad, closed]) expect(r.stderr + r.stdout).not.toContain(PASSWORD);
  }, 60_000);

  it('answers a call it cannot run with its usage and exit 2', async () => {
    const none = await startCli(['db'], {}).exited;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: deploy-check db copy --from FILE');
    const noFrom = await startCli(['db', 'copy', '--to', target.url], {}).exited;
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toContain('--from FILE is required');
    const missing = await startCli(['db', 'copy', '--from', join(dir, 'nope.sqlite'), '--to', target.url], {})
      .exited;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no SQLite database at');
  }, 60_000);
});
