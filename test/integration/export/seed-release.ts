import { loadChecklist } from '../../../src/checklist/checklist.js';
import type { Db } from '../../../src/db/client.js';
import {
  approvals,
  auditLog,
  probeResults,
  probeRuns,
  releases,
  sectionSignoffs,
  slackUsers,
  watchEvents,
  watches,
} from '../../../src/db/schema.js';
import { setItemState } from '../../../src/domain/item-states.js';

export const MINI_CHECKLIST = 'test/fixtures/mini-checklist.yml';
export const RELEASE_ID = 'r0123456789';
/** 2026-01-15 09:00:00 UTC; every seeded event is a whole number of minutes after it. */
export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
export const min = (n: number) => T0 + n * 60_000;

/**
 * A deployed release as the bot would have left it: ticked, N/A'd (with a reason containing a pipe),
 * probe-verified and failing items, sign-offs, two approvals, a probe run, a completed watch, audit rows.
 */
export async function seedRelease(db: Db) {
  const checklist = loadChecklist(MINI_CHECKLIST);
  await db
    .insert(slackUsers)
    .values([
      { id: 'UALICE', name: 'Alice', updatedAt: T0 },
      { id: 'UBOB', name: 'Bob', updatedAt: T0 },
      { id: 'UCAROL', name: 'Carol', updatedAt: T0 },
    ])
    .run();
  await db
    .insert(releases)
    .values({
      id: RELEASE_ID,
      service: 'payments-api',
      version: '2.3.1',
      env: 'production',
      channelId: 'CDEPLOYS',
      threadTs: '1768467600.000100',
      createdBy: 'UALICE',
      status: 'deployed',
      checklistHash: checklist.hash,
      createdAt: T0,
      updatedAt: min(40),
      deployedAt: min(40),
      deployedBy: 'UBOB',
    })
    .run();
  const audit = (actor: string, action: string, at: number, via: string, target?: string, detail?: object) =>
    db
      .insert(auditLog)
      .values({
        releaseId: RELEASE_ID,
        actor,
        action,
        at,
        via,
        ...(target ? { target } : {}),
        ...(detail ? { detail: detail as Record<string, unknown> } : {}),
      })
      .run();
  await audit('UALICE', 'release.opened', T0, 'slash_command', undefined, { version: '2.3.1' });

  await db
    .insert(probeRuns)
    .values({
      id: 7,
      releaseId: RELEASE_ID,
      service: 'payments-api',
      target: 'https://payments.example.com',
      requestedBy: 'UALICE',
      startedAt: min(2),
      durationMs: 1834,
      pass: 1,
      warn: 1,
      fail: 0,
      skip: 0,
    })
    .run();
  await db
    .insert(probeResults)
    .values([
      {
        runId: 7,
        probeId: 'tls-certificate',
        status: 'pass',
        summary: 'valid until 2026-09-01 (229 days)',
        durationMs: 120,
      },
      {
        runId: 7,
        probeId: 'https-redirect',
        status: 'warn',
        summary: 'redirects with 302 | expected 301',
        remediation: 'Use a permanent redirect',
        durationMs: 80,
      },
    ])
    .run();
  await setItemState(db, {
    releaseId: RELEASE_ID,
    itemId: 'security.tls.valid',
    state: 'done',
    source: 'probe',
    by: 'UALICE',
    at: min(3),
    evidence: 'probe run 7: tls-certificate pass (valid until 2026-09-01)',
    via: 'probe',
  });
  await setItemState(db, {
    releaseId: RELEASE_ID,
    itemId: 'security.tls.redirect',
    state: 'done',
    source: 'user',
    by: 'UCAROL',
    at: min(5),
    via: 'block_action',
  });
  await setItemState(db, {
    releaseId: RELEASE_ID,
    itemId: 'database.backups.restore',
    state: 'na',
    source: 'user',
    by: 'UBOB',
    at: min(6),
    reason: 'Stateless service | no database',
    via: 'view_submission',
  });
  await setItemState(db, {
    releaseId: RELEASE_ID,
    itemId: 'post.errors',
    state: 'failing',
    source: 'watch',
    by: 'watch',
    at: min(50),
    evidence: 'error rate 3.2% > 1% for 2 samples',
    via: 'watch',
  });

  await db
    .insert(sectionSignoffs)
    .values([
      { releaseId: RELEASE_ID, sectionId: 'security', userId: 'UCAROL', at: min(10) },
      { releaseId: RELEASE_ID, sectionId: 'database', userId: 'UBOB', at: min(11) },
    ])
    .run();
  await audit('UCAROL', 'section.signed_off', min(10), 'block_action', 'security');
  await audit('UBOB', 'section.signed_off', min(11), 'block_action', 'database');
  await db
    .insert(approvals)
    .values([
      { releaseId: RELEASE_ID, userId: 'UBOB', at: min(20) },
      { releaseId: RELEASE_ID, userId: 'UCAROL', at: min(21) },
    ])
    .run();
  await audit('UBOB', 'release.approved', min(20), 'block_action');
  await audit('UCAROL', 'release.approved', min(21), 'block_action');
  await audit('UBOB', 'release.deployed', min(40), 'block_action');

  const [watch] = await db
    .insert(watches)
    .values({
      releaseId: RELEASE_ID,
      service: 'payments-api',
      status: 'rolled_back',
      startedAt: min(40),
      endsAt: min(70),
      nextSampleAt: min(70),
      settings: { threshold: 0.01 },
      state: { breaches: 2 },
      updatedAt: min(55),
    })
    .returning()
    .all();
  await db
    .insert(watchEvents)
    .values([
      { watchId: watch!.id, kind: 'started', actor: 'UBOB', at: min(40) },
      { watchId: watch!.id, kind: 'reminder', at: min(50), detail: { errorRate: 0.032 } },
      { watchId: watch!.id, kind: 'rolled_back', actor: 'UALICE', at: min(55) },
    ])
    .run();
  return { checklist };
}
