import type { Checklist } from '../checklist/checklist.js';
import type { Config } from '../config.js';
import type { ReleaseSnapshot } from '../db/repos/release-repo.js';

/** Who may approve a release: the configured approvers and the admins (empty: anyone). */
export const releaseApprovers = (config: Pick<Config, 'file'>) => [
  ...config.file.approvers.release,
  ...config.file.admins,
];

export interface Progress {
  done: number;
  na: number;
  failing: number;
  total: number;
}

export function sectionProgress(checklist: Checklist, snap: ReleaseSnapshot, sectionId: string): Progress {
  const section = checklist.sectionById.get(sectionId);
  const p: Progress = { done: 0, na: 0, failing: 0, total: 0 };
  for (const g of section?.groups ?? [])
    for (const i of g.items) {
      p.total++;
      const s = snap.items.get(i.id)?.state;
      if (s === 'done') p.done++;
      else if (s === 'na') p.na++;
      else if (s === 'failing') p.failing++;
    }
  return p;
}

/** Progress over the items approval requires (the pre-deployment sections). */
export function releaseProgress(checklist: Checklist, snap: ReleaseSnapshot): Progress {
  const p: Progress = { done: 0, na: 0, failing: 0, total: checklist.requiredItemIds.length };
  for (const id of checklist.requiredItemIds) {
    const s = snap.items.get(id)?.state;
    if (s === 'done') p.done++;
    else if (s === 'na') p.na++;
    else if (s === 'failing') p.failing++;
  }
  return p;
}

export const isSectionComplete = (checklist: Checklist, snap: ReleaseSnapshot, sectionId: string) => {
  const p = sectionProgress(checklist, snap, sectionId);
  return p.done + p.na === p.total;
};

/**
 * What still stands between the release and approval, in words a release manager can act on.
 * Empty when every required item is done or N/A and every section is signed off.
 */
export function missingForApproval(checklist: Checklist, snap: ReleaseSnapshot): string[] {
  const missing: string[] = [];
  for (const section of checklist.sections) {
    const open: string[] = [];
    const failing: string[] = [];
    for (const g of section.groups)
      for (const i of g.items) {
        const s = snap.items.get(i.id)?.state ?? 'open';
        if (s === 'open') open.push(i.text);
        if (s === 'failing') failing.push(i.text);
      }
    const title = plainTitle(section.title);
    if (failing.length) missing.push(`${title}: ${failing.length} failing check(s): ${failing.join('; ')}`);
    if (open.length) missing.push(`${title}: ${open.length} open item(s): ${open.join('; ')}`);
    if (!snap.signoffs.has(section.id)) missing.push(`${title}: not signed off`);
  }
  return missing;
}

/** Distinct approvers needed, and the creator alone never suffices. */
export function approvalsSatisfied(snap: ReleaseSnapshot, required: number): boolean {
  const users = new Set(snap.approvals.map((a) => a.userId));
  const others = [...users].filter((u) => u !== snap.release.createdBy);
  return users.size >= required && others.length >= 1;
}

export const plainTitle = (title: string) => title.replace(/^:[a-z0-9_+-]+:\s*/, '');
