import type {
  auditLog,
  probeResults,
  probeRuns,
  releases,
  scanRuns,
  watchEvents,
  watches,
  watchSamples,
} from '../db/schema.js';
import type { ItemSource, ItemState } from './item-states.js';

// The record is plain JSON-safe data (null, never undefined; no Maps) so the JSON export round-trips exactly.
// Every timestamp is integer milliseconds since the epoch (UTC), as stored.

export type ReleaseRow = typeof releases.$inferSelect;
export type ProbeResultRecord = Omit<typeof probeResults.$inferSelect, 'runId'>;
export type ProbeRunRecord = typeof probeRuns.$inferSelect & { results: ProbeResultRecord[] };
/** A repository scan as received (report with its evidence) and what it changed on the items. */
export type ScanRunRecord = typeof scanRuns.$inferSelect;
export type WatchEventRecord = Omit<typeof watchEvents.$inferSelect, 'watchId'>;
export type WatchSampleRecord = Omit<typeof watchSamples.$inferSelect, 'id' | 'watchId'>;
/**
 * `samples`: every measured sample (time, errors, requests, ratio), the series the error-rate chart draws.
 * The watch's lease (which replica samples it right now) is not part of the record.
 */
export type WatchRecord = Omit<typeof watches.$inferSelect, 'leaseOwner' | 'leaseUntil'> & {
  events: WatchEventRecord[];
  samples: WatchSampleRecord[];
};
export type AuditRecord = Omit<typeof auditLog.$inferSelect, 'releaseId' | 'cycleId'>;

export interface ItemRecord {
  id: string;
  text: string;
  verifiedBy: string[];
  state: ItemState;
  /** Null while the item has never been touched. */
  source: ItemSource | null;
  by: string | null;
  at: number | null;
  reason: string | null;
  evidence: string | null;
}
export interface SectionRecord {
  id: string;
  title: string;
  /** Pre-deployment sections gate approval; the post-deployment section does not. */
  required: boolean;
  signoff: { userId: string; at: number } | null;
  groups: { id: string; title: string; description: string; items: ItemRecord[] }[];
}
export interface ReleaseSummary {
  done: number;
  na: number;
  open: number;
  failing: number;
  /** Items approval requires; done + na + open + failing === required. */
  required: number;
}
export interface ReleaseRecord {
  formatVersion: 1;
  release: ReleaseRow;
  checklist: { name: string; version: number; hash: string; matchesRelease: boolean };
  summary: ReleaseSummary;
  sections: SectionRecord[];
  /** States stored for items the current checklist no longer has (the file changed since the release). */
  unknownItems: ItemRecord[];
  approvals: { userId: string; at: number }[];
  probeRuns: ProbeRunRecord[];
  scanRuns: ScanRunRecord[];
  watches: WatchRecord[];
  /** The full audit trail for the release, oldest first. */
  audit: AuditRecord[];
  /** Slack display names seen for the people involved, by user ID. */
  names: Record<string, string>;
}
