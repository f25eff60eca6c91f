import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../../src/checklist/checklist.js';
import { createManualClock } from '../../../src/clock.js';
import { parseFileConfig } from '../../../src/config.js';
import { auditLog, releases } from '../../../src/db/schema.js';
import { createReleaseService, type ReleaseChanges } from '../../../src/domain/release-service.js';
import { isAppError } from '../../../src/errors.js';
import { createTestDatabase } from '../../helpers/db.js';

const checklist = loadChecklist(resolve('test/fixtures/mini-checklist.yml'));
const YAML = `approvers:
  release: [UREL]
  sections: { security: [USEC] }
requiredApprovals: 1`;

describe('release service', () => {
  let t: ReturnType<typeof createTestDatabase>;
  let changes: { opened: string[]; changed: (readonly string[] | undefined)[]; fail: boolean };
  let service: ReturnType<typeof createReleaseService>;
  beforeEach(() => {
    t = createTestDatabase();
    changes = { opened: [], changed: [], fail: false };
    const port: ReleaseChanges = {
      opened: (id) => {
        if (changes.fail) throw new Error('outbox unavailable');
        changes.opened.push(id);
      },
      changed: (_id, sections) => {
        if (changes.fail) throw new Error('outbox unavailable');
        changes.changed.push(sections);
      },
    };
    service = createReleaseService({
      db: t.db,
      clock: createManualClock(Date.UTC(2026, 0, 1)),
      checklist,
      config: { file: parseFileConfig(YAML) },
      // Membership is the configured list itself: no user groups in these tests.
      authorizer: { isAllowed: async (user, principals) => principals.includes(user) },
      changes: port,
    });
  });
  afterEach(() => t.cleanup());

  const open = () =>
    service.open({
      service: 'api',
      version: '1.0.0',
      env: 'production',
      channelId: 'C1',
      userId: 'UOWNER',
      via: 'cli',
    }).release;
  const actions = () =>
    t.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.action);
  const completeAll = (id: string) => {
    service.toggle(
      id,
      'UALICE',
      { ticked: ['security.tls.valid', 'security.tls.redirect', 'database.backups.restore'], unticked: [] },
      'cli',
    );
  };

  it('opens a release, audits it and announces it', () => {
    const r = open();
    expect(r.status).toBe('open');
    expect(changes.opened).toEqual([r.id]);
    expect(actions()).toEqual(['release.opened']);
  });

  it('finds the release already open for the same service, version and env instead of opening another', () => {
    const first = open();
    expect(open().id).toBe(first.id);
    expect(changes.opened).toEqual([first.id]);
    expect(actions()).toEqual(['release.opened']);
  });

  it('saves nothing when the announcement cannot be recorded: the change and its message commit together', () => {
    changes.fail = true;
    expect(open).toThrow('outbox unavailable');
    expect(t.db.select().from(releases).all()).toEqual([]);
    expect(actions()).toEqual([]);
  });

  it('applies what one user ticked and reports the section to re-render', () => {
    const r = open();
    const out = service.toggle(r.id, 'UALICE', { ticked: ['security.tls.valid'], unticked: [] }, 'cli');
    expect(out).toEqual({ changedSections: ['security'], refused: [] });
    expect(changes.changed).toEqual([['security']]);
    expect(service.snapshot(r.id).items.get('security.tls.valid')).toMatchObject({
      state: 'done',
      by: 'UALICE',
    });
  });

  it('refuses to tick an item a probe reports failing', () => {
    const r = open();
    service.toggle(r.id, 'UALICE', { ticked: ['security.tls.valid'], unticked: [] }, 'cli');
    t.sqlite.prepare("update item_states set state = 'failing' where item_id = 'security.tls.valid'").run();
    const out = service.toggle(r.id, 'UBOB', { ticked: ['security.tls.valid'], unticked: [] }, 'cli');
    expect(out.refused).toEqual(['Certificate is valid and not self-signed']);
  });

  it('lets only the configured people sign off a section, and records the refusal', async () => {
    const r = open();
    completeAll(r.id);
    const err = await service.signOff(r.id, 'security', 'UALICE', 'cli').catch((e: unknown) => e);
    expect(isAppError(err, 'FORBIDDEN')).toBe(true);
    expect(actions()).toContain('signoff.refused');
    expect(await service.signOff(r.id, 'security', 'USEC', 'cli')).toBe(true);
  });

  it('withdraws a sign-off when an item of its section is reopened', async () => {
    const r = open();
    completeAll(r.id);
    await service.signOff(r.id, 'security', 'USEC', 'cli');
    service.toggle(r.id, 'UALICE', { ticked: [], unticked: ['security.tls.valid'] }, 'cli');
    expect(service.snapshot(r.id).signoffs.has('security')).toBe(false);
    expect(actions()).toContain('signoff.revoked');
  });

  it('refuses approval while anything is missing, saying what', async () => {
    const r = open();
    const err = await service.approve(r.id, 'UREL', 'cli').catch((e: unknown) => e);
    expect(isAppError(err, 'INVALID_STATE')).toBe(true);
    expect((err as { details: { missing: string[] } }).details.missing).toContain('Security: not signed off');
  });

  it('approves with one approver who is not the creator, then allows deploy, audited once each', async () => {
    const r = open();
    completeAll(r.id);
    await service.signOff(r.id, 'security', 'USEC', 'cli');
    await service.signOff(r.id, 'database', 'UALICE', 'cli');
    expect(() => service.markDeployed(r.id, 'UREL', 'cli')).toThrow('Only an approved release');
    const a = await service.approve(r.id, 'UREL', 'cli');
    expect(a).toMatchObject({ added: true, approved: true });
    expect(service.markDeployed(r.id, 'UREL', 'cli').status).toBe('deployed');
    expect(actions().filter((x) => x.startsWith('release.'))).toEqual([
      'release.opened',
      'release.approved',
      'release.deployed',
    ]);
  });

  it('cannot cancel a release twice', () => {
    const r = open();
    service.cancel(r.id, 'UOWNER', 'cli');
    expect(() => service.cancel(r.id, 'UOWNER', 'cli')).toThrow('already cancelled');
  });
});
