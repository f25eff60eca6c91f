import type { Checklist } from '../checklist/checklist.js';
import type { ReleaseSnapshot } from '../db/repos/release-repo.js';
import { approvalsSatisfied, plainTitle } from './release-rules.js';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const list = (parts: string[]) =>
  parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

/**
 * One line saying what a release waits for, e.g. "3 items and Security sign-off missing": what a
 * pipeline prints while it waits, so it changes only when something a person did changes it.
 */
export function releaseSummary(
  checklist: Checklist,
  snap: ReleaseSnapshot,
  requiredApprovals: number,
): string {
  const status = snap.release.status;
  if (status === 'approved') return 'approved, ready to deploy';
  if (status !== 'open') return status.replace('_', ' ');
  let open = 0;
  let failing = 0;
  const unsigned: string[] = [];
  for (const section of checklist.sections) {
    for (const g of section.groups)
      for (const i of g.items) {
        const s = snap.items.get(i.id)?.state ?? 'open';
        if (s === 'open') open++;
        if (s === 'failing') failing++;
      }
    if (!snap.signoffs.has(section.id)) unsigned.push(plainTitle(section.title));
  }
  const parts: string[] = [];
  if (open) parts.push(count(open, 'item', 'items'));
  if (failing) parts.push(count(failing, 'failing check', 'failing checks'));
  if (unsigned.length) parts.push(`${list(unsigned)} ${unsigned.length === 1 ? 'sign-off' : 'sign-offs'}`);
  if (parts.length) return `${list(parts)} missing`;
  const users = new Set(snap.approvals.map((a) => a.userId)).size;
  if (!approvalsSatisfied(snap, requiredApprovals))
    return `waiting for approval (${users}/${requiredApprovals}${users >= requiredApprovals ? ', someone besides the owner' : ''})`;
  return 'ready for approval';
}
