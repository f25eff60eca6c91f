import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordProbeRun } from '../../../src/db/repos/probe-run-repo.js';
import { auditLog, itemStates, probeResults, probeRuns, releases } from '../../../src/db/schema.js';
import { setItemState } from '../../../src/domain/item-states.js';
import { applyProbeRunToRelease } from '../../../src/domain/probe-runs.js';
import type { ProbeId, ProbeReport, ProbeStatus } from '../../../src/probes/types.js';
import { createTestDatabase } from '../../helpers/db.js';
import { oneGroupChecklist } from '../../helpers/one-group-checklist.js';

const checklist = oneGroupChecklist(
  [
    { id: 'tls', text: 'TLS valid', verifiedBy: ['probe:tls-certificate'] },
    { id: 'redirect', text: 'HTTPS enforced', verifiedBy: ['probe:https-redirect', 'probe:hsts'] },
    { id: 'health', text: 'Health endpoint', verifiedBy: ['probe:health'] },
    { id: 'cache', text: 'Static caching', verifiedBy: ['probe:static-cache'] },
    { id: 'manual', text: 'Backups tested' },
  ],
  { section: 'Security', group: 'Transport' },
);

const report = (statuses: Partial<Record<ProbeId, ProbeStatus>>): ProbeReport => {
  const results = Object.entries(statuses).map(([id, status]) => ({
    id: id as ProbeId,
    status: status as ProbeStatus,
    summary: `${id} said ${status}`,
    details: 'd',
    remediation: 'r',
    durationMs: 5,
  }));
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) summary[r.status]++;
  return {
    target: 'https://api.example.com/',
    startedAt: '2026-01-01T10:00:00.000Z',
    durationMs: 40,
    summary,
    results,
  };
};

describe('probe runs stored and applied to a release (real SQLite)', () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    t = await createTestDatabase();
    await t.db
      .insert(releases)
      .values({
        id: 'rel1',
        service: 'api',
        version: '1.0.0',
        env: 'production',
        channelId: 'C1',
        createdBy: 'U1',
        checklistHash: checklist.hash,
        createdAt: 0,
        updatedAt: 0,
      })
      .run();
  });
  afterEach(() => t.cleanup());

  const state = (itemId: string) => t.db.select().from(itemStates).where(eq(itemStates.itemId, itemId)).get();
  const apply = (r: ProbeReport, runId: number) =>
    applyProbeRunToRelease(t.db, { checklist, releaseId: 'rel1', report: r, runId, at: 1000, by: 'UALICE' });

  it('stores the run and every result', async () => {
    const r = report({ health: 'pass', hsts: 'fail', 'static-cache': 'skip' });
    const id = await recordProbeRun(t.db, {
      report: r,
      releaseId: 'rel1',
      service: 'api',
      requestedBy: 'UALICE',
    });
    expect(await t.db.select().from(probeRuns).get()).toMatchObject({
      id,
      releaseId: 'rel1',
      target: 'https://api.example.com/',
      requestedBy: 'UALICE',
      startedAt: Date.parse('2026-01-01T10:00:00.000Z'),
      pass: 1,
      fail: 1,
      skip: 1,
      warn: 0,
    });
    expect(
      (await t.db.select().from(probeResults).all()).map((x) => [x.probeId, x.status, x.summary]),
    ).toEqual([
      ['health', 'pass', 'health said pass'],
      ['hsts', 'fail', 'hsts said fail'],
      ['static-cache', 'skip', 'static-cache said skip'],
    ]);
  });

  it('ticks items whose probes all passed, with the run and its time as evidence', async () => {
    const out = await apply(report({ 'tls-certificate': 'pass', 'https-redirect': 'pass', hsts: 'pass' }), 7);
    expect(out.ticked.sort()).toEqual(['redirect', 'tls']);
    expect(await state('redirect')).toMatchObject({ state: 'done', source: 'probe', by: 'UALICE' });
    expect((await state('redirect'))?.evidence).toBe(
      'probe run #7 at 2026-01-01T10:00:00.000Z: https-redirect, hsts pass',
    );
    expect(await state('manual')).toBeUndefined();
  });

  it('marks an item failing when any of its probes failed, naming the probe and why', async () => {
    const out = await apply(report({ 'https-redirect': 'pass', hsts: 'fail' }), 3);
    expect(out.failing).toEqual(['redirect']);
    expect(await state('redirect')).toMatchObject({
      state: 'failing',
      source: 'probe',
      evidence: 'probe run #3: hsts fail — hsts said fail',
    });
    expect((await t.db.select().from(auditLog).all()).length).toBeGreaterThan(0);
  });

  it('flags warnings without ticking, and leaves skipped probes alone', async () => {
    const out = await apply(report({ 'tls-certificate': 'warn', 'static-cache': 'skip' }), 1);
    expect(out).toEqual({ ticked: [], failing: [], flagged: ['tls'] });
    expect(await state('tls')).toBeUndefined();
    expect(await state('cache')).toBeUndefined();
  });

  it('never touches an item a person marked N/A', async () => {
    await setItemState(t.db, {
      releaseId: 'rel1',
      itemId: 'health',
      state: 'na',
      source: 'user',
      by: 'UBOB',
      at: 1,
      reason: 'no health endpoint: batch job',
      via: 'block_action',
    });
    const out = await apply(report({ health: 'fail' }), 2);
    expect(out.failing).toEqual([]);
    expect(await state('health')).toMatchObject({ state: 'na', by: 'UBOB' });
  });

  it('turns a failing item green when a re-run passes', async () => {
    await apply(report({ health: 'fail' }), 1);
    const out = await apply(report({ health: 'pass' }), 2);
    expect(out.ticked).toEqual(['health']);
    expect(await state('health')).toMatchObject({ state: 'done', source: 'probe' });
  });
});
