/**
 * How much of a scan report the pipeline API accepts (the API's zod schema enforces them; the CLI trims a
 * report to fit before sending, so a repository with hundreds of findings still gets through).
 * Sized for the thread and the export, not for completeness: the CLI's own output keeps everything.
 */
export const SCAN_LIMITS = {
  /** Request body, bytes. */
  body: 1024 * 1024,
  items: 300,
  checks: 300,
  evidencePerEntry: 20,
  notes: 200,
  /** Characters. */
  evidenceText: 300,
  path: 500,
  summary: 500,
  long: 4000,
} as const;
