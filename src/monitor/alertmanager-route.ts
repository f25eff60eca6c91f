import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { type AlertmanagerPayload, alertmanagerPayloadSchema } from './alertmanager-payload.js';

export const ALERTMANAGER_PATH = '/webhooks/alertmanager';
// A 500-alert group with labels and annotations stays well under this; anything larger is not Alertmanager.
const MAX_BODY = 1024 * 1024;

const send = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Hashing first gives equal-length buffers, so the comparison time says nothing about the token. */
const sameToken = (given: string, expected: string) =>
  timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) return resolve('too_large');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too_large');
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * POST /webhooks/alertmanager (Bolt `customRoutes` handler shape). Alertmanager's webhook_config sends the
 * token with `http_config.authorization: { credentials: <token> }` as `Authorization: Bearer <token>`.
 */
export function createAlertmanagerHandler(deps: {
  token: string;
  watchService: { handleAlertmanager(p: AlertmanagerPayload): Promise<{ posted: number }> };
  logger: Logger;
}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
      const auth = req.headers.authorization ?? '';
      const given = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
      if (!given || !sameToken(given, deps.token)) {
        req.resume();
        return send(res, 401, { error: 'missing or wrong bearer token' });
      }
      const body = await readBody(req);
      if (body === 'too_large') return send(res, 413, { error: `body larger than ${MAX_BODY} bytes` });
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, { error: 'body is not valid JSON' });
      }
      const parsed = alertmanagerPayloadSchema.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        return send(res, 400, { error: `not an Alertmanager webhook payload: ${issues}` });
      }
      const result = await deps.watchService.handleAlertmanager(parsed.data);
      send(res, 200, result);
    })().catch((e) => {
      deps.logger.error({ error: (e as Error).message }, 'alertmanager webhook failed');
      send(res, 500, { error: 'internal error' });
    });
  };
}
