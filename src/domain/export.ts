import type { ReleaseRecord } from './export-types.js';

export { renderReleaseMarkdown } from './export-markdown.js';
export { buildReleaseRecord } from './export-record.js';
export type {
  AuditRecord,
  ItemRecord,
  ProbeRunRecord,
  ReleaseRecord,
  ReleaseSummary,
  ScanRunRecord,
  SectionRecord,
  WatchRecord,
} from './export-types.js';

/** Pretty-printed so the file diffs and reads well in a change ticket; `JSON.parse` gives the record back. */
export const renderReleaseJson = (record: ReleaseRecord): string => `${JSON.stringify(record, null, 2)}\n`;
