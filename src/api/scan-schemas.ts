import { z } from 'zod';
import { SCAN_LIMITS as L } from '../model/scan-limits.js';

/**
 * POST /releases/{id}/scans: the `deploy-check scan --json` report (src/model/scan-report.ts), bounded. Unknown
 * fields are dropped rather than refused, so a newer CLI's extra fields do not break an older bot.
 */
const verdict = z.enum(['pass', 'warn', 'fail', 'unknown']);
const evidence = z
  .array(
    z.object({
      path: z.string().min(1).max(L.path),
      line: z.int().min(1),
      text: z.string().max(L.evidenceText),
    }),
  )
  .max(L.evidencePerEntry)
  .meta({ description: `At most ${L.evidencePerEntry} lines per entry (the CLI trims to fit).` });
const count = z.int().min(0);

export const ScanReportRequest = z.object({
  root: z.string().max(L.path),
  appRoot: z.string().max(L.path),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/, 'must be a git commit hash')
    .optional()
    .meta({ description: 'HEAD of the scanned work tree; shown as "verified by scan at <commit>".' }),
  startedAt: z.iso.datetime(),
  durationMs: count,
  summary: z.object({ pass: count, warn: count, fail: count, unknown: count }),
  items: z
    .array(
      z.object({
        item: z.string().min(1).max(100),
        text: z.string().max(L.summary),
        verdict,
        checks: z.array(z.string().max(100)).max(50),
        summary: z.string().max(L.summary),
        why: z.string().max(L.long),
        fix: z.string().max(L.long),
        evidence,
      }),
    )
    .max(L.items),
  checks: z
    .array(
      z.object({
        id: z
          .string()
          .regex(/^[a-z0-9-]+$/)
          .max(100),
        verdict,
        summary: z.string().max(L.summary),
        why: z.string().max(L.long),
        fix: z.string().max(L.long),
        evidence,
      }),
    )
    .max(L.checks)
    .meta({ description: 'Per check (`scan:<id>` in a checklist item): what decides the items.' }),
  files: z.object({ scanned: count, skipped: count }),
  notes: z.array(z.object({ path: z.string().max(L.path), note: z.string().max(L.summary) })).max(L.notes),
});

const Effects = z.object({
  ticked: z.array(z.string()).meta({ description: 'Checklist items ticked "verified by scan".' }),
  failing: z.array(z.string()).meta({ description: 'Items marked failing: approval is blocked.' }),
  flagged: z.array(z.string()).meta({ description: 'Items with warnings, left to people.' }),
});

export const ScanRun = z.object({
  id: z.int(),
  releaseId: z.string(),
  commit: z.string().nullable(),
  appRoot: z.string(),
  submittedBy: z.string().meta({ description: 'api:<token name> for a pipeline.' }),
  startedAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  summary: z.object({ pass: count, warn: count, fail: count, unknown: count }),
  effects: Effects,
});
export type ScanRunView = z.infer<typeof ScanRun>;
