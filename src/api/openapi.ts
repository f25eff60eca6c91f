import { z } from 'zod';
import { ScanReportRequest, ScanRun } from './scan-schemas.js';
import { COMPONENTS as RELEASE_COMPONENTS } from './schemas.js';

const COMPONENTS = { ...RELEASE_COMPONENTS, ScanReportRequest, ScanRun };
const ref = (id: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${id}` });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const release = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Release') } },
});
const auth = {
  '401': problem('Missing or unknown bearer token (type urn:deploy-check:problem:unauthorized).'),
  '403': problem('The token may not act on this service (type urn:deploy-check:problem:forbidden).'),
};
const idParam = [
  { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Release ID' },
];
const actorBody = {
  required: false,
  content: { 'application/json': { schema: ref('ActorRequest') } },
};

/** Component schemas from the zod schemas the handlers parse with (requests as input, responses as output). */
function componentSchemas() {
  const schemas: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    const io = id.endsWith('Request') ? 'input' : 'output';
    const { $schema: _s, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'throw' }) as Record<
      string,
      unknown
    >;
    schemas[id] = json;
  }
  return schemas;
}

/** The OpenAPI 3.1 document served at /api/v1/openapi.json and checked in as docs/openapi.json. */
export function buildOpenApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'deploy-check API',
      version: '1.0.0',
      description:
        'Lets a pipeline open a release checklist in Slack, send a repository scan to it, wait for its approval, mark it deployed and follow the post-deploy watch.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/releases': {
        post: {
          operationId: 'openRelease',
          summary: 'Open a release (or find the one already open for the same service, version and env)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('OpenReleaseRequest') } },
          },
          responses: {
            '200': release('The same service+version+env was already open or approved: that release.'),
            '201': release('Opened; the Slack thread is posted.'),
            '400': problem('Invalid body (type urn:deploy-check:problem:invalid-request).'),
            ...auth,
            '422': problem(
              'No Slack channel is configured for the service (type urn:deploy-check:problem:not-configured).',
            ),
          },
        },
      },
      '/releases/{id}': {
        get: {
          operationId: 'getRelease',
          summary:
            'Status, progress, what is missing before approval, approvals, thread link and watch outcome',
          parameters: idParam,
          responses: { '200': release('The release.'), ...auth, '404': problem('No such release.') },
        },
      },
      '/releases/{id}/scans': {
        post: {
          operationId: 'submitScan',
          summary:
            'Send a repository scan (`deploy-check scan --json`): passing items are ticked, failing ones block approval',
          description:
            'Stores the scan, ticks the checklist items whose scan checks pass ("verified by scan at <commit>"), marks ' +
            'those whose checks fail as failing (approval is blocked until a later scan passes or an approver ' +
            'overrides with a reason), leaves warnings and unknowns to people, and posts a "Repository scan" ' +
            'message in the release thread. Items a person marked N/A or ticked themselves are left alone.',
          parameters: idParam,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('ScanReportRequest') } },
          },
          responses: {
            '201': {
              description: 'Stored and applied: the run and what it changed.',
              content: { 'application/json': { schema: ref('ScanRun') } },
            },
            '400': problem(
              'Invalid report, or over a size limit (type urn:deploy-check:problem:invalid-request).',
            ),
            ...auth,
            '404': problem('No such release.'),
            '409': problem('The release is no longer open; its checklist is locked.'),
            '413': problem('The body is over 1 MiB (type urn:deploy-check:problem:payload-too-large).'),
          },
        },
      },
      '/releases/{id}/deployed': {
        post: {
          operationId: 'markDeployed',
          summary: 'Mark an approved release deployed and start the post-deploy watch',
          parameters: idParam,
          requestBody: actorBody,
          responses: {
            '200': release('Marked deployed.'),
            '400': problem('Invalid body.'),
            ...auth,
            '404': problem('No such release.'),
            '409': problem(
              'Not approved (type urn:deploy-check:problem:invalid-state); `missing` lists why.',
            ),
          },
        },
      },
      '/releases/{id}/cancel': {
        post: {
          operationId: 'cancelRelease',
          summary: 'Cancel a release; its record is kept',
          parameters: idParam,
          requestBody: actorBody,
          responses: {
            '200': release('Cancelled.'),
            '400': problem('Invalid body.'),
            ...auth,
            '404': problem('No such release.'),
            '409': problem('Already cancelled or rolled back.'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A token from api.tokens in the config.' },
      },
      schemas: componentSchemas(),
    },
  };
}
