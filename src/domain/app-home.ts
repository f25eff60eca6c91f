import type { Checklist, ChecklistSection } from '../checklist/checklist.js';
import type { Config } from '../config.js';
import type { ReleaseRow, ReleaseSnapshot } from '../db/repos/release-repo.js';
import { isSectionComplete, missingForApproval, releaseApprovers } from './release-rules.js';

/** Every configured user group (S…): the memberships a Home needs to know who a person is. */
export const configuredGroups = (config: Pick<Config, 'file'>) => [
  ...new Set(
    [...releaseApprovers(config), ...Object.values(config.file.approvers.sections).flat()].filter((p) =>
      p.startsWith('S'),
    ),
  ),
];

/** A person as the Home sees them: their user id and the configured groups they belong to. */
export interface HomePerson {
  userId: string;
  groups: readonly string[];
}
const matches = (who: HomePerson, principals: readonly string[]) =>
  principals.includes(who.userId) || principals.some((p) => who.groups.includes(p));

/**
 * Sections complete but not signed off, and who may sign them (only sections with configured signers
 * wait on someone). Pre-deployment sections while the release is open; post-deployment until it ends.
 */
export function sectionsAwaitingSignoff(
  checklist: Checklist,
  config: Pick<Config, 'file'>,
  snap: ReleaseSnapshot,
): { section: ChecklistSection; signers: string[] }[] {
  const status = snap.release.status;
  if (status === 'cancelled' || status === 'rolled_back') return [];
  return checklist.allSections
    .filter((s) => status === 'open' || s.id === checklist.postDeployment.id)
    .map((section) => ({ section, signers: config.file.approvers.sections[section.id] ?? [] }))
    .filter(
      ({ section, signers }) =>
        signers.length > 0 &&
        !snap.signoffs.has(section.id) &&
        isSectionComplete(checklist, snap, section.id),
    );
}

/** Every sign-off done and every item settled, still open: only approvals are missing. */
export const readyForApproval = (checklist: Checklist, snap: ReleaseSnapshot) =>
  snap.release.status === 'open' && missingForApproval(checklist, snap).length === 0;

export interface HomeModel {
  signoffs: { snap: ReleaseSnapshot; section: ChecklistSection }[];
  approvals: ReleaseSnapshot[];
  maintenance: { cycleId: number; channelId: string; ts: string | null; itemId: string; text: string }[];
  mine: ReleaseSnapshot[];
  active: ReleaseSnapshot[];
  finished: { release: ReleaseRow; outcome: string }[];
}

export interface HomeInput {
  active: ReleaseSnapshot[];
  finished: { release: ReleaseRow; reminders: number }[];
  maintenance: { cycleId: number; channelId: string; ts: string | null; itemId: string }[];
}

export function outcomeOf(f: { release: ReleaseRow; reminders: number }): string {
  const s = f.release.status;
  if (s === 'rolled_back') return 'rolled back';
  if (s === 'cancelled') return 'cancelled';
  return f.reminders
    ? `deployed (${f.reminders} rollback reminder${f.reminders === 1 ? '' : 's'})`
    : 'deployed quietly';
}

/** What the Home shows this person: what waits on them first, then their releases, then everything. */
export function buildHomeModel(
  who: HomePerson,
  input: HomeInput,
  ctx: { checklist: Checklist; config: Pick<Config, 'file'> },
): HomeModel {
  const { checklist, config } = ctx;
  const approvers = releaseApprovers(config);
  const maintenanceText = new Map(checklist.maintenance.items.map((i) => [i.id, i.text]));
  return {
    signoffs: input.active.flatMap((snap) =>
      sectionsAwaitingSignoff(checklist, config, snap)
        .filter((a) => matches(who, a.signers))
        .map((a) => ({ snap, section: a.section })),
    ),
    approvals: input.active.filter(
      (snap) =>
        approvers.length > 0 &&
        matches(who, approvers) &&
        readyForApproval(checklist, snap) &&
        !snap.approvals.some((a) => a.userId === who.userId),
    ),
    maintenance: input.maintenance.map((m) => ({ ...m, text: maintenanceText.get(m.itemId) ?? m.itemId })),
    mine: input.active.filter((s) => s.release.createdBy === who.userId),
    active: input.active,
    finished: input.finished.map((f) => ({ release: f.release, outcome: outcomeOf(f) })),
  };
}
