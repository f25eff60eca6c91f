import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../../src/checklist/checklist.js';
import { createManualClock } from '../../../src/clock.js';
import { parseFileConfig } from '../../../src/config.js';
import { auditLog, itemStates, releases } from '../../../src/db/schema.js';
import { createReleaseService, type ReleaseChanges } from '../../../src/domain/release-service.js';
import { isAppError } from '../../../src/errors.js';
import { createTestDatabase } from '../../helpers/db.js';

const checklist = loadChecklist(resolve('test/fixtures/mini-checklist.yml'));
const YAML = `approvers:
  release: [UREL]
  sections: { security: [USEC] }
requiredApprovals: 1`;

describe('release service', () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let changes: { opened: string[]; changed: (readonly string[] | undefined)[]; fail: boolean };
  let service: ReturnType<typeof createReleaseService>;
  let make: (yaml: string) => ReturnType<typeof createReleaseService>;
  beforeEach(async () => {
    t = await createTestDatabase();
    changes = { opened: [], changed: [], fail: false };
    const port: ReleaseChanges = {
      opened: async (id) => {
        if (changes.fail) throw new Error('outbox unavailable');
        changes.opened.push(id);
      },
      changed: async (_id, sections) => {
        if (changes.fail) throw new Error('outbox unavailable');
        changes.changed.push(sections);
      },
    };
    make = (yaml) =>
      createReleaseService({
        db: t.db,
        clock: createManualClock(Date.UTC(2026, 0, 1)),
        checklist,
        config: { file: parseFileConfig(yaml) },
        // Membership is the configured list itself: no user groups in these tests.
        authorizer: { isAllowed: async (user, principals) => principals.includes(user) },
        changes: port,
      });
    service = make(YAML);
  });
  afterEach(() => t.cleanup());

  const open = async () =>
    (
      await service.open({
        service: 'api',
        version: '1.0.0',
        env: 'production',
        channelId: 'C1',
        userId: 'UOWNER',
        via: 'cli',
      })
    ).release;
  const actions = async () => (await t.db.select().from(auditLog).all()).map((a) => a.action);
  const completeAll = async (id: string) => {
    await service.toggle(
      id,
      'UALICE',
      { ticked: ['security.tls.valid', 'security.tls.redirect', 'database.backups.restore'], unticked: [] },
      'cli',
    );
  };

  it('opens a release, audits it and announces it', async () => {
    const r = await open();
    expect(r.status).toBe('open');
    expect(changes.opened).toEqual([r.id]);
    expect(await actions()).toEqual(['release.opened']);
  });

  it('finds the release already open for the same service, version and env instead of opening another', async () => {
    const first = await open();
    expect((await open()).id).toBe(first.id);
    expect(changes.opened).toEqual([first.id]);
    expect(await actions()).toEqual(['release.opened']);
  });

  it('saves nothing when the announcement cannot be recorded: the change and its message commit together', async () => {
    changes.fail = true;
    await expect(open()).rejects.toThrow('outbox unavailable');
    expect(await t.db.select().from(releases).all()).toEqual([]);
    expect(await actions()).toEqual([]);
  });

  it('applies what one user ticked and reports the section to re-render', async () => {
    const r = await open();
    const out = await service.toggle(r.id, 'UALICE', { ticked: ['security.tls.valid'], unticked: [] }, 'cli');
    expect(out).toEqual({ changedSections: ['security'], refused: [] });
    expect(changes.changed).toEqual([['security']]);
    expect((await service.snapshot(r.id)).items.get('security.tls.valid')).toMatchObject({
      state: 'done',
      by: 'UALICE',
    });
  });

  it('refuses to tick an item a probe reports failing', async () => {
    const r = await open();
    await service.toggle(r.id, 'UALICE', { ticked: ['security.tls.valid'], unticked: [] }, 'cli');
    await t.db
      .update(itemStates)
      .set({ state: 'failing' })
      .where(eq(itemStates.itemId, 'security.tls.valid'))
      .run();
    const out = await service.toggle(r.id, 'UBOB', { ticked: ['security.tls.valid'], unticked: [] }, 'cli');
    expect(out.refused).toEqual(['Certificate is valid and not self-signed']);
  });

  it('lets only the configured people sign off a section, and records the refusal', async () => {
    const r = await open();
    await completeAll(r.id);
    const err = await service.signOff(r.id, 'security', 'UALICE', 'cli').catch((e: unknown) => e);
    expect(isAppError(err, 'FORBIDDEN')).toBe(true);
    expect(await actions()).toContain('signoff.refused');
    expect(await service.signOff(r.id, 'security', 'USEC', 'cli')).toBe(true);
  });

  it('withdraws a sign-off when an item of its section is reopened', async () => {
    const r = await open();
    await completeAll(r.id);
    await service.signOff(r.id, 'security', 'USEC', 'cli');
    await service.toggle(r.id, 'UALICE', { ticked: [], unticked: ['security.tls.valid'] }, 'cli');
    expect((await service.snapshot(r.id)).signoffs.has('security')).toBe(false);
    expect(await actions()).toContain('signoff.revoked');
  });

  it('refuses approval while anything is missing, saying what', async () => {
    const r = await open();
    const err = await service.approve(r.id, 'UREL', 'cli').catch((e: unknown) => e);
    expect(isAppError(err, 'INVALID_STATE')).toBe(true);
    expect((err as { details: { missing: string[] } }).details.missing).toContain('Security: not signed off');
  });

  it('approves with one approver who is not the creator, then allows deploy, audited once each', async () => {
    const r = await open();
    await completeAll(r.id);
    await service.signOff(r.id, 'security', 'USEC', 'cli');
    await service.signOff(r.id, 'database', 'UALICE', 'cli');
    await expect(service.markDeployed(r.id, 'UREL', 'cli')).rejects.toThrow('Only an approved release');
    const a = await service.approve(r.id, 'UREL', 'cli');
    expect(a).toMatchObject({ added: true, approved: true });
    expect((await service.markDeployed(r.id, 'UREL', 'cli')).status).toBe('deployed');
    expect((await actions()).filter((x) => x.startsWith('release.'))).toEqual([
      'release.opened',
      'release.approved',
      'release.deployed',
    ]);
  });

  it('cannot cancel a release twice', async () => {
    const r = await open();
    await service.cancel(r.id, 'UOWNER', 'cli');
    await expect(service.cancel(r.id, 'UOWNER', 'cli')).rejects.toThrow('already cancelled');
  });

  it('cancels once when two cancels arrive together: the check reads in the transaction that writes', async () => {
    const r = await open();
    const outcomes = await Promise.allSettled([
      service.cancel(r.id, 'UOWNER', 'cli'),
      service.cancel(r.id, 'UALICE', 'cli'),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')?.reason).toMatchObject({
      message: 'This release is already cancelled.',
    });
    expect((await actions()).filter((x) => x === 'release.cancelled')).toHaveLength(1);
  });

  it('approves once when the two required approvals arrive together: each counts the other', async () => {
    const two = make(
      YAML.replace('release: [UREL]', 'release: [UREL, UREL2]').replace('Approvals: 1', 'Approvals: 2'),
    );
    const r = await open();
    await completeAll(r.id);
    await service.signOff(r.id, 'security', 'USEC', 'cli');
    await service.signOff(r.id, 'database', 'UALICE', 'cli');
    const outcomes = await Promise.all([two.approve(r.id, 'UREL', 'cli'), two.approve(r.id, 'UREL2', 'cli')]);
    expect(outcomes.map((o) => o.approved).sort()).toEqual([false, true]);
    expect((await two.snapshot(r.id)).release.status).toBe('approved');
    expect((await actions()).filter((x) => x === 'release.approved')).toHaveLength(1);
  });

  it('opens one release when two requests for the same service, version and env arrive together', async () => {
    const [x, y] = await Promise.all([open(), open()]);
    expect(x.id).toBe(y.id);
    expect(changes.opened).toEqual([x.id]);
    expect(await t.db.select().from(releases).all()).toHaveLength(1);
  });
});
