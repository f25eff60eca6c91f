import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCertWarningRepo } from '../../../../src/db/repos/cert-warning-repo.js';
import { createJobLedger } from '../../../../src/db/repos/job-ledger-repo.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';

// The claims that keep two processes (two replicas) from doing the same work twice.
describe('job ledger and certificate warnings', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(() => t.cleanup());

  it('lets one run claim a period, gives it back after a failure, and takes over a stale one once', async () => {
    const ledger = createJobLedger(t.db, { staleMs: 1000 });
    expect(await ledger.hasAnyRun('digest')).toBe(false);
    expect(await ledger.claim('digest', 'p1', 10_000, false)).toBe(true);
    expect(await ledger.hasAnyRun('digest')).toBe(true);
    expect(await ledger.claim('digest', 'p1', 10_500, false)).toBe(false);
    // Its process died: older than staleMs, one taker wins.
    expect(await ledger.claim('digest', 'p1', 11_001, true)).toBe(true);
    expect(await ledger.claim('digest', 'p1', 11_002, true)).toBe(false);
    await ledger.release('digest', 'p1');
    expect(await ledger.claim('digest', 'p1', 11_003, false)).toBe(true);
    await ledger.finish('digest', 'p1', 11_004);
    // A finished period is never taken again, however old.
    expect(await ledger.claim('digest', 'p1', 99_999, false)).toBe(false);
    await ledger.release('digest', 'p1');
    expect(await ledger.claim('digest', 'p1', 99_999, false)).toBe(false);
  });

  // On Postgres the claims run on separate pooled connections, as two replicas' would. (Two SQLite handles on
  // one file in one process would block each other's thread: processes are what SQLite's lock separates.)
  it('gives a period to exactly one of several claims made at once', async () => {
    const ledger = createJobLedger(t.db);
    const claims = await Promise.all([1, 2, 3, 4, 5].map(() => ledger.claim('digest', 'p1', 10_000, false)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('warns about a certificate once per threshold, and once for several thresholds crossed together', async () => {
    const certs = createCertWarningRepo(t.db);
    expect(await certs.claim('api', '2026-03-01', [30], 1)).toBe(true);
    expect(await certs.claim('api', '2026-03-01', [30], 2)).toBe(false);
    expect(await certs.claim('api', '2026-03-01', [14, 7], 3)).toBe(true);
    expect(await certs.claim('api', '2026-03-01', [7], 4)).toBe(false);
    expect(await certs.claim('api', '2026-06-01', [30], 5)).toBe(true);
  });
});
