import { z } from 'zod';

/**
 * What was seen that makes a row worth showing: `error-spike` (5xx above the watch threshold),
 * `unauthorized-spike` (401s, when the source keeps exact status codes), or `probe:<id>` failing.
 */
const signal = z
  .string()
  .regex(
    /^(error-spike|unauthorized-spike|probe:[a-z0-9-]+)$/,
    'must be error-spike, unauthorized-spike or probe:<id>',
  );

export const commonIssueSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, . _ -')
      .max(75),
    issue: z.string().min(1).max(200),
    symptom: z.string().min(1).max(500),
    solution: z.string().min(1).max(1000),
    signals: z.array(signal).default([]),
  })
  .strict();
export type CommonIssue = z.infer<typeof commonIssueSchema>;
export type IssueSignal = 'error-spike' | 'unauthorized-spike' | `probe:${string}`;

/** The rows whose signals include any of what was seen, in checklist order. */
export const issuesMatching = (issues: readonly CommonIssue[], seen: readonly IssueSignal[]): CommonIssue[] =>
  issues.filter((i) => i.signals.some((s) => seen.includes(s as IssueSignal)));
