import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releases } from '../../../src/db/schema.js';
import { setItemState } from '../../../src/domain/item-states.js';
import { applyMachineVerdicts, type ItemVerdict } from '../../../src/domain/machine-verdicts.js';
import { createTestDatabase } from '../../helpers/db.js';
import { oneGroupChecklist } from '../../helpers/one-group-checklist.js';

const checklist = oneGroupChecklist([
  { id: 'cors', text: 'CORS', verifiedBy: ['probe:cors', 'scan:cors'] },
  { id: 'user', text: 'Non-root', verifiedBy: ['scan:docker-user'] },
  { id: 'manual', text: 'Backups tested' },
]);

describe('applyMachineVerdicts: how probes and scans change items (real SQLite)', () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  const state = (id: string) => t.db.query.itemStates.findFirst({ where: (s, { eq }) => eq(s.itemId, id) });
  const apply = (source: 'probe' | 'scan', verdicts: Record<string, ItemVerdict['verdict']>) =>
    applyMachineVerdicts(t.db, {
      checklist,
      releaseId: 'rel1',
      source,
      by: 'api:ci',
      at: 1000,
      judge: (ids) => {
        const v = ids.map((id) => verdicts[id]).find(Boolean);
        return v && { verdict: v, evidence: `${source} ${ids.join(',')} ${v}` };
      },
    });
  beforeEach(async () => {
    t = await createTestDatabase();
    await t.db
      .insert(releases)
      .values({
        ...{ id: 'rel1', service: 'api', version: '1', env: 'production', channelId: 'C1', createdBy: 'U1' },
        ...{ checklistHash: checklist.hash, createdAt: 0, updatedAt: 0 },
      })
      .run();
  });
  afterEach(() => t.cleanup());

  it('a passing scan does not clear a failure a probe recorded, and a passing probe not a scan’s', async () => {
    await apply('probe', { cors: 'fail' });
    expect(await apply('scan', { cors: 'pass' })).toEqual({ ticked: [], failing: [], flagged: [] });
    expect(await state('cors')).toMatchObject({ state: 'failing', source: 'probe' });
    expect((await apply('probe', { cors: 'pass' })).ticked).toEqual(['cors']);
    expect((await apply('scan', { cors: 'fail' })).failing).toEqual(['cors']);
    expect((await apply('probe', { cors: 'pass' })).ticked).toEqual([]);
    expect(await state('cors')).toMatchObject({ state: 'failing', source: 'scan' });
  });

  it('a warning lifts only the failure its own source recorded, and leaves untouched items to people', async () => {
    await apply('scan', { 'docker-user': 'fail' });
    expect(await apply('scan', { 'docker-user': 'warn', cors: 'warn' })).toEqual({
      ticked: [],
      failing: [],
      flagged: ['cors', 'user'],
    });
    expect(await state('user')).toMatchObject({ state: 'open', source: 'scan' });
    expect(await state('cors')).toBeUndefined();
  });

  it('never touches N/A; fails over a person’s tick; a pass leaves a person’s tick theirs', async () => {
    await setItemState(t.db, { ...base('cors'), state: 'na', reason: 'no browser clients' });
    await setItemState(t.db, { ...base('user'), state: 'done' });
    expect(await apply('scan', { cors: 'fail', 'docker-user': 'pass' })).toEqual({
      ticked: [],
      failing: [],
      flagged: [],
    });
    expect(await state('cors')).toMatchObject({ state: 'na' });
    expect(await state('user')).toMatchObject({ state: 'done', source: 'user' });
    expect((await apply('scan', { 'docker-user': 'fail' })).failing).toEqual(['user']);
  });
});

const base = (itemId: string) => ({
  releaseId: 'rel1',
  itemId,
  source: 'user' as const,
  by: 'UALICE',
  at: 500,
  via: 'block_action' as const,
});
