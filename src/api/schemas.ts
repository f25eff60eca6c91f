import { z } from 'zod';
import { envName, serviceName, versionName } from '../domain/release-names.js';

/** The API's request and response shapes: the handlers parse with these and the OpenAPI document is built from them. */
export const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user ID (U…)');

export const OpenReleaseRequest = z.strictObject({
  service: serviceName.meta({ examples: ['payments-api'] }),
  version: versionName.meta({ examples: ['2.3.1'] }),
  env: envName.default('production'),
  requestedBy: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'Who asked for the deploy; a Slack user ID (U…) becomes the release owner.' }),
  url: z.url().max(2000).optional().meta({ description: 'Link to the pipeline run, shown in the thread.' }),
  changelog: z
    .string()
    .max(3000)
    .optional()
    .meta({ description: 'Shown in the thread (first 1000 characters).' }),
});

export const ActorRequest = z.strictObject({
  by: slackUserId
    .optional()
    .meta({ description: 'The Slack user acting through the pipeline; defaults to the token.' }),
});

const Progress = z.object({
  done: z.int(),
  na: z.int(),
  failing: z.int(),
  total: z.int().meta({ description: 'Items approval requires (pre-deployment sections).' }),
});

export const Release = z.object({
  id: z.string(),
  service: z.string(),
  version: z.string(),
  env: z.string(),
  status: z.enum(['open', 'approved', 'deployed', 'cancelled', 'rolled_back']),
  owner: z
    .string()
    .meta({ description: 'Slack user ID, or api:<token name> when the pipeline named nobody.' }),
  openedBy: z.string().nullable().meta({ description: 'The API token that opened it, if a pipeline did.' }),
  createdAt: z.iso.datetime(),
  threadUrl: z.string().nullable().meta({ description: 'Permalink of the Slack thread; null until posted.' }),
  progress: Progress,
  summary: z.string().meta({ examples: ['3 items and Security sign-off missing'] }),
  missing: z.array(z.string()).meta({ description: 'What the Approve button lists as missing.' }),
  failing: z.array(z.object({ item: z.string(), evidence: z.string().nullable() })),
  approvals: z.object({
    count: z.int(),
    required: z.int(),
    by: z.array(z.object({ userId: z.string(), at: z.iso.datetime() })),
  }),
  deployedAt: z.iso.datetime().nullable(),
  deployedBy: z.string().nullable(),
  watch: z
    .object({
      status: z.enum(['active', 'alerting', 'completed', 'rolled_back', 'cancelled']),
      outcome: z.enum(['watching', 'quiet', 'rolled_back', 'cancelled']),
      startedAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
      reminders: z.int(),
    })
    .nullable(),
  warning: z
    .string()
    .optional()
    .meta({ description: 'Set when the release is saved but its Slack thread is not posted yet.' }),
});
export type ReleaseView = z.infer<typeof Release>;

export const Problem = z.object({
  type: z
    .string()
    .meta({ description: 'Stable identifier of the kind of problem (urn:deploy-check:problem:…).' }),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  missing: z.array(z.string()).optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const COMPONENTS = { OpenReleaseRequest, ActorRequest, Release, Problem };
