import type { ServerResponse } from 'node:http';

/** Stable problem types (RFC 9457): clients branch on `type`, people read `detail`. */
export const PROBLEMS = {
  unauthorized: { status: 401, title: 'Missing or unknown bearer token' },
  forbidden: { status: 403, title: 'This token may not act on this service' },
  'not-found': { status: 404, title: 'Not found' },
  'invalid-request': { status: 400, title: 'Invalid request' },
  'unsupported-media-type': { status: 415, title: 'Send application/json' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'invalid-state': { status: 409, title: 'Not allowed in the release’s current state' },
  'not-configured': { status: 422, title: 'Not configured' },
  internal: { status: 500, title: 'Internal error' },
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

export const problemType = (kind: ProblemKind) => `urn:deploy-check:problem:${kind}`;

export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function sendProblem(res: ServerResponse, p: ApiProblem): void {
  const { status, title } = PROBLEMS[p.kind];
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (p.kind === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="deploy-check"';
  res
    .writeHead(status, headers)
    .end(JSON.stringify({ type: problemType(p.kind), title, status, detail: p.detail, ...p.extra }));
}

export const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
