import type { Checklist, ChecklistItem } from '../checklist/checklist.js';
import type { Db } from '../db/client.js';
import type { ItemStateRow } from '../db/repos/item-state-repo.js';
import { createReleaseRecordRepo } from '../db/repos/release-record-repo.js';
import { AppError, ErrorCode } from '../errors.js';
import type { ItemRecord, ReleaseRecord, ReleaseSummary, SectionRecord } from './export-types.js';

type StateRow = ItemStateRow;

const itemRecord = (item: Pick<ChecklistItem, 'id' | 'text' | 'verifiedBy'>, row?: StateRow): ItemRecord => ({
  id: item.id,
  text: item.text,
  verifiedBy: [...(item.verifiedBy ?? [])],
  state: row?.state ?? 'open',
  source: row?.source ?? null,
  by: row?.by ?? null,
  at: row?.at ?? null,
  reason: row?.reason ?? null,
  evidence: row?.evidence ?? null,
});

/**
 * Everything known about a release, read in one transaction: one consistent snapshot on SQLite; on Postgres
 * (read committed) each read sees what had committed when it ran.
 */
export async function buildReleaseRecord(
  db: Db,
  checklist: Checklist,
  releaseId: string,
): Promise<ReleaseRecord> {
  const repo = createReleaseRecordRepo(db);
  return db.transaction(async () => {
    const rows = await repo.read(releaseId);
    if (!rows) throw new AppError(ErrorCode.NOT_FOUND, `release ${releaseId} not found`, { releaseId });
    const {
      release,
      approvals: approvalRows,
      runs,
      results,
      scans,
      watches: watchRows,
      events,
      samples,
    } = rows;
    const states = new Map(rows.states.map((r) => [r.itemId, r]));
    const signoffs = new Map(rows.signoffs.map((r) => [r.sectionId, { userId: r.userId, at: r.at }]));
    const audit = rows.audit.map(({ releaseId: _r, cycleId: _c, ...a }) => a);

    const required = new Set(checklist.sections.map((s) => s.id));
    const sections: SectionRecord[] = checklist.allSections.map((s) => ({
      id: s.id,
      title: s.title,
      required: required.has(s.id),
      signoff: signoffs.get(s.id) ?? null,
      groups: s.groups.map((g) => ({
        id: g.id,
        title: g.title,
        description: g.description,
        items: g.items.map((i) => itemRecord(i, states.get(i.id))),
      })),
    }));
    const unknownItems = [...states.values()]
      .filter((r) => !checklist.itemById.has(r.itemId))
      .map((r) => itemRecord({ id: r.itemId, text: r.itemId, verifiedBy: [] }, r));

    const summary: ReleaseSummary = { done: 0, na: 0, open: 0, failing: 0, required: 0 };
    for (const id of checklist.requiredItemIds) {
      summary.required++;
      summary[states.get(id)?.state ?? 'open']++;
    }

    const people = new Set<string>([release.createdBy, ...approvalRows.map((a) => a.userId)]);
    if (release.deployedBy) people.add(release.deployedBy);
    for (const r of states.values()) people.add(r.by);
    for (const s of signoffs.values()) people.add(s.userId);
    for (const r of runs) people.add(r.requestedBy);
    for (const e of events) if (e.actor) people.add(e.actor);
    for (const a of audit) people.add(a.actor);
    const names = await repo.names([...people]);

    return {
      formatVersion: 1 as const,
      release,
      checklist: {
        name: checklist.name,
        version: checklist.version,
        hash: checklist.hash,
        matchesRelease: checklist.hash === release.checklistHash,
      },
      summary,
      sections,
      unknownItems,
      approvals: approvalRows,
      probeRuns: runs.map((r) => ({
        ...r,
        results: results
          .filter((x) => x.runId === r.id)
          .sort((a, b) => a.probeId.localeCompare(b.probeId))
          .map(({ runId: _r, ...x }) => x),
      })),
      scanRuns: scans,
      watches: watchRows.map(({ leaseOwner: _o, leaseUntil: _u, ...w }) => ({
        ...w,
        events: events.filter((e) => e.watchId === w.id).map(({ watchId: _w, ...e }) => e),
        samples: samples.filter((s) => s.watchId === w.id).map(({ id: _i, watchId: _w, ...s }) => s),
      })),
      audit,
      names: Object.fromEntries(names.map((n) => [n.id, n.name])),
    };
  });
}
