import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Checklist } from '../checklist/checklist.js';
import { type ApiToken, type Config, findService } from '../config.js';
import type { OpenRelease } from '../domain/open-release.js';
import type { ReleaseService } from '../domain/release-service.js';
import type { ReleaseTransitions } from '../domain/release-transitions.js';
import type { ScanRunService } from '../domain/scan-run-service.js';
import { isAppError } from '../errors.js';
import { type Logger, scrubSecrets } from '../logger.js';
import { SCAN_LIMITS } from '../model/scan-limits.js';
import type { WatchOutcome } from '../monitor/watch-outcome.js';
import { createBearerAuth } from './bearer-auth.js';
import { buildOpenApiDocument } from './openapi.js';
import { ApiProblem, sendJson, sendProblem } from './problem.js';
import { readJson } from './read-json.js';
import { releaseView } from './release-view.js';
import { scanRunView } from './scan-run-view.js';
import { ScanReportRequest } from './scan-schemas.js';
import { ActorRequest, OpenReleaseRequest, slackUserId } from './schemas.js';

export const API_PREFIX = '/api/v1';
const THREAD_WAIT_MS = 5_000;
const THREAD_PENDING =
  'The release is saved; its Slack thread is queued (Slack slow, or the bot not yet in the channel): GET it again for the link.';

export interface ApiDeps {
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  releases: Pick<ReleaseService, 'repo'>;
  openRelease: OpenRelease;
  transitions: ReleaseTransitions;
  scans: Pick<ScanRunService, 'submit'>;
  permalink(channel: string, ts: string): Promise<string | undefined>;
  watchOf(releaseId: string): Promise<WatchOutcome | undefined>;
  logger: Logger;
}

type Req = IncomingMessage & { params?: Record<string, string | string[]> | undefined };
/** Structurally Bolt's CustomRoute, so the Slack app can serve these beside /slack/events. */
export interface HttpRoute {
  path: string;
  method: string[];
  handler: (req: Req, res: ServerResponse) => void;
}

/** The pipeline API under /api/v1. Deps are read per request: the bot wires them after the routes exist. */
export function createApiRoutes(tokens: readonly ApiToken[], getDeps: () => ApiDeps): HttpRoute[] {
  const auth = createBearerAuth(tokens);
  const links = new Map<string, string>();
  const document = JSON.stringify(buildOpenApiDocument());

  const threadUrl = async (d: ApiDeps, r: { id: string; channelId: string; threadTs: string | null }) => {
    if (!r.threadTs) return undefined;
    const cached = links.get(r.id);
    if (cached) return cached;
    const url = await d.permalink(r.channelId, r.threadTs).catch(() => undefined);
    if (url) links.set(r.id, url);
    return url;
  };
  const view = async (d: ApiDeps, id: string) => {
    const snap = (await d.releases.repo.snapshot(id))!;
    return releaseView(snap, {
      checklist: d.checklist,
      requiredApprovals: d.config.file.requiredApprovals,
      threadUrl: await threadUrl(d, snap.release),
      watch: await d.watchOf(id),
    });
  };
  /** The outbox posts the thread just after the release is saved: give it a moment, so the answer has the link. */
  const waitForThread = async (d: ApiDeps, id: string) => {
    for (let t = 0; t < THREAD_WAIT_MS && !(await d.releases.repo.get(id))?.threadTs; t += 50)
      await new Promise((r) => setTimeout(r, 50));
    return id;
  };
  /** Authenticates, finds the release and checks the token may act on its service. */
  const load = async (d: ApiDeps, req: Req) => {
    const token = auth.authenticate(req.headers.authorization);
    const id = String(req.params?.id ?? '');
    const release = await d.releases.repo.get(id);
    if (!release) throw new ApiProblem('not-found', `No release with id "${id}".`);
    auth.authorize(token, release.service);
    return { token, release };
  };

  const route =
    (name: string, run: (d: ApiDeps, req: Req, res: ServerResponse) => Promise<void>) =>
    (req: Req, res: ServerResponse) => {
      const d = getDeps();
      run(d, req, res).catch((e) => {
        if (e instanceof ApiProblem) return sendProblem(res, e);
        if (isAppError(e, 'NOT_FOUND')) return sendProblem(res, new ApiProblem('not-found', e.message));
        if (isAppError(e, 'INVALID_STATE'))
          return sendProblem(res, new ApiProblem('invalid-state', e.message, e.details ?? {}));
        if (isAppError(e, 'FORBIDDEN')) return sendProblem(res, new ApiProblem('forbidden', e.message));
        if (isAppError(e, 'BAD_INPUT')) return sendProblem(res, new ApiProblem('invalid-request', e.message));
        d.logger.error({ route: name, error: scrubSecrets((e as Error).message) }, 'API request failed');
        sendProblem(res, new ApiProblem('internal', 'The request failed; the bot logged why.'));
      });
    };

  const transition = (kind: 'markDeployed' | 'cancel') =>
    route(kind, async (d, req, res) => {
      const { token, release } = await load(d, req);
      const body = await readJson(req, ActorRequest);
      const actor = body.by ?? `api:${token.name}`;
      if (kind === 'markDeployed' && release.status === 'open') {
        const missing = (await view(d, release.id)).missing;
        throw new ApiProblem(
          'invalid-state',
          'Only an approved release can be marked deployed (this one is open).',
          {
            missing,
          },
        );
      }
      await d.transitions[kind](release.id, actor, 'api');
      d.logger.info({ releaseId: release.id, client: token.name, action: kind }, 'API release action');
      sendJson(res, 200, await view(d, release.id));
    });

  return [
    {
      path: `${API_PREFIX}/openapi.json`,
      method: ['GET'],
      handler: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(document),
    },
    {
      path: `${API_PREFIX}/releases`,
      method: ['POST'],
      handler: route('openRelease', async (d, req, res) => {
        const token = auth.authenticate(req.headers.authorization);
        const body = await readJson(req, OpenReleaseRequest);
        auth.authorize(token, body.service);
        const svc = findService(d.config, body.service);
        if (!svc)
          throw new ApiProblem('not-configured', `Service "${body.service}" is not in the bot's config.`);
        const channelId = svc.channel ?? d.config.file.defaultChannel;
        if (!channelId)
          throw new ApiProblem(
            'not-configured',
            `No Slack channel for "${svc.name}": set services[].channel or defaultChannel in the config.`,
          );
        const requester = body.requestedBy && slackUserId.safeParse(body.requestedBy).success;
        const opened = await d.openRelease({
          service: svc.name,
          version: body.version,
          env: body.env.toLowerCase(),
          channelId,
          userId: requester ? body.requestedBy! : `api:${token.name}`,
          via: 'api',
          opening: {
            by: token.name,
            requestedBy: requester ? undefined : body.requestedBy,
            url: body.url,
            changelog: body.changelog,
          },
        });
        const out = await view(d, await waitForThread(d, opened.release.id));
        if (!out.threadUrl) out.warning = THREAD_PENDING;
        if (opened.created)
          d.logger.info(
            { releaseId: opened.release.id, client: token.name },
            'release opened through the API',
          );
        sendJson(res, opened.created ? 201 : 200, out);
      }),
    },
    {
      path: `${API_PREFIX}/releases/:id`,
      method: ['GET'],
      handler: route('getRelease', async (d, req, res) => {
        const { release } = await load(d, req);
        sendJson(res, 200, await view(d, release.id));
      }),
    },
    {
      path: `${API_PREFIX}/releases/:id/scans`,
      method: ['POST'],
      handler: route('submitScan', async (d, req, res) => {
        const { token, release } = await load(d, req);
        const report = await readJson(req, ScanReportRequest, SCAN_LIMITS.body);
        const run = await d.scans.submit({
          releaseId: release.id,
          report,
          submittedBy: `api:${token.name}`,
          via: 'api',
        });
        sendJson(res, 201, scanRunView(run));
      }),
    },
    { path: `${API_PREFIX}/releases/:id/deployed`, method: ['POST'], handler: transition('markDeployed') },
    { path: `${API_PREFIX}/releases/:id/cancel`, method: ['POST'], handler: transition('cancel') },
  ];
}
