import type { CommonIssue } from '../checklist/common-issues.js';
import type { ProbeReport } from './types.js';

/** A finished probe run to show people, with what it changed on the release (if any). */
export interface ProbeRunView {
  report: ProbeReport;
  service: string;
  runId: number;
  ticked?: readonly string[];
  failing?: readonly string[];
  /** Common production issues that fit the failing probes. */
  issues?: readonly CommonIssue[];
}

/**
 * How probe runs are announced. The call only records the message (an outbox row): make it in the
 * transaction that stores the run. src/slack/notices/probe-notices.ts implements it.
 */
export interface ProbeNotices {
  results(where: { channel: string; threadTs?: string | undefined }, run: ProbeRunView): void;
}
