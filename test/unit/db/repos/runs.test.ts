import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordProbeRun } from '../../../../src/db/repos/probe-run-repo.js';
import { createReleaseRecordRepo } from '../../../../src/db/repos/release-record-repo.js';
import { createScanRunRepo } from '../../../../src/db/repos/scan-run-repo.js';
import { createWatchStore } from '../../../../src/db/repos/watch-repo.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';
import { openRelease, startWatch } from './rows.js';

// Probe runs, scan runs and watches: rows with autoincrement ids, JSON columns and samples.
describe('run and watch repos', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
    await openRelease(t.db, 'r1');
  });
  afterEach(() => t.cleanup());

  it('stores probe and scan runs with their results, numbered in order', async () => {
    const report = {
      target: 'https://api.example',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 12,
      summary: { pass: 1, warn: 0, fail: 1, skip: 0 },
      results: [
        { id: 'hsts', status: 'pass', summary: 'ok', durationMs: 3 },
        {
          id: 'tls',
          status: 'fail',
          summary: 'old',
          details: 'TLS 1.0',
          remediation: 'upgrade',
          durationMs: 4,
        },
      ],
    } as never;
    expect(await recordProbeRun(t.db, { report, releaseId: 'r1', requestedBy: 'U1' })).toBe(1);
    expect(await recordProbeRun(t.db, { report, service: 'api', requestedBy: 'probe' })).toBe(2);
    const scans = createScanRunRepo(t.db);
    const scan = {
      appRoot: '.',
      startedAt: '2026-01-01T00:00:00.000Z',
      summary: { pass: 3, warn: 1, fail: 0, unknown: 2 },
      checks: [],
    } as never;
    const id = await scans.insert({
      releaseId: 'r1',
      report: scan,
      submittedBy: 'api:ci',
      via: 'api',
      receivedAt: 5,
    });
    expect(id).toBe(1);
    await scans.setEffects(id, { ticked: ['i1'], failing: [], flagged: [] });
    expect(await scans.get(id)).toMatchObject({
      commit: null,
      pass: 3,
      unknown: 2,
      effects: { ticked: ['i1'] },
    });
    expect((await scans.forRelease('r1')).map((s) => s.id)).toEqual([1]);
    const rec = await createReleaseRecordRepo(t.db).read('r1');
    expect(rec?.runs.map((r) => [r.id, r.fail])).toEqual([[1, 1]]);
    expect(rec?.results.map((r) => [r.probeId, r.status, r.details])).toEqual([
      ['hsts', 'pass', null],
      ['tls', 'fail', 'TLS 1.0'],
    ]);
    expect(rec?.scans).toHaveLength(1);
  });

  it('keeps a watch, its events, samples and charts', async () => {
    const store = createWatchStore(t.db);
    const id = await startWatch(t.db, 'r1');
    expect((await store.liveForRelease('r1'))?.id).toBe(id);
    expect((await store.liveForService('API'))?.map((w) => w.id)).toEqual([id]);
    await store.update(id, { status: 'alerting', state: { detector: { n: 1 } } as never, updatedAt: 2500 });
    expect(await store.get(id)).toMatchObject({ status: 'alerting', state: { detector: { n: 1 } } });
    await store.transaction(async () => {
      await store.event(id, 'reminder', 2600, undefined, { ratio: 0.5 });
      await store.event(id, 'acknowledged', 2700, 'U2');
    });
    expect((await store.events(id)).map((e) => [e.kind, e.actor, e.detail])).toEqual([
      ['reminder', null, { ratio: 0.5 }],
      ['acknowledged', 'U2', null],
    ]);
    const charts = store.charts;
    expect(await charts.lastSampleAt(id)).toBeUndefined();
    await charts.addSample(id, { at: 3000, errors: 1, total: 3, ratio: 1 / 3 });
    await charts.addSample(id, { at: 4000, errors: 0, total: 10, ratio: 0 });
    expect(await charts.samples(id, 3500)).toEqual([{ at: 3000, errors: 1, total: 3, ratio: 1 / 3 }]);
    expect(await charts.lastSampleAt(id)).toBe(4000);
    const c1 = await charts.addChart(id, 'reminder', 4000, 4001);
    const c2 = await charts.addChart(id, 'repeat', 4000, 4002);
    expect(await charts.superseded(id, c1)).toBe(true);
    expect(await charts.superseded(id, c2)).toBe(false);
    await charts.uploaded(c1, 'F1', 'chart');
    await charts.uploaded(c2, 'F2', 'chart');
    await charts.refuse(c2, 4003);
    expect((await charts.latestUploaded(id))?.fileId).toBe('F1');
    expect((await charts.chart(c2))?.refusedAt).toBe(4003);
    await store.update(id, { status: 'completed', updatedAt: 5000 });
    expect(await store.live()).toEqual([]);
    expect((await store.latestForRelease('r1'))?.id).toBe(id);
    expect((await createReleaseRecordRepo(t.db).read('r1'))?.samples).toHaveLength(2);
  });
});
