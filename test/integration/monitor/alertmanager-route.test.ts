import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchEvents } from '../../../src/db/schema.js';
import { createLogger } from '../../../src/logger.js';
import { ALERTMANAGER_PATH, createAlertmanagerHandler } from '../../../src/monitor/alertmanager-route.js';
import { createTestDatabase } from '../../helpers/db.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import {
  CHANNEL,
  configWith,
  createHarness,
  OWNER,
  SERVICE_CHANNEL,
  seedRelease,
  THREAD,
  TOKEN,
  type WatchHarness,
} from './watch-fixture.js';

const alert = (status: 'firing' | 'resolved', labels: Record<string, string>, fingerprint = 'fp-1') => ({
  status,
  labels: { alertname: 'HighErrorRate', severity: 'critical', ...labels },
  annotations: { summary: '5xx above 1% for 2m' },
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus.example/graph',
  fingerprint,
});
const payload = (alerts: ReturnType<typeof alert>[]) => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
  receiver: 'deploy-check',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager.example',
  alerts,
});

describe('POST /webhooks/alertmanager', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let h: WatchHarness;
  let server: Server;
  let url: string;
  let releaseId: string;

  const send = (body: unknown, token: string | null = TOKEN) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeEach(async () => {
    database = await createTestDatabase();
    target = await startMetricsTarget();
    h = createHarness(
      database.db,
      configWith([
        { name: 'api', baseUrl: target.url, monitor: { source: { type: 'alertmanager' } } },
        { name: 'billing', baseUrl: target.url, channel: SERVICE_CHANNEL, owners: ['UBILLING1'] },
      ]),
    );
    releaseId = await seedRelease(database.db, h.clock.now());
    const handler = createAlertmanagerHandler({
      token: TOKEN,
      watchService: h.service,
      logger: createLogger({ level: 'silent' }),
    });
    server = createServer((req, res) => {
      if (req.url === ALERTMANAGER_PATH) return handler(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${ALERTMANAGER_PATH}`;
  });
  afterEach(async () => {
    await h.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await database.cleanup();
    await target.close();
  });

  it('answers 401 without the right bearer token and posts nothing', async () => {
    expect(
      (await send(payload([alert('firing', { service: 'api' })]), 'wrong-token-wrong-token')).status,
    ).toBe(401);
    expect((await send(payload([alert('firing', { service: 'api' })]), null)).status).toBe(401);
    expect(h.slack.posts).toHaveLength(0);
  });

  it('answers 400 with a message for invalid JSON and for a body that is not a webhook payload', async () => {
    const bad = await send('{not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'body is not valid JSON' });
    const shape = await send({ alerts: 'nope' });
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: string }).error).toMatch(/status|alerts/);
  });

  it('answers 413 past the body cap', async () => {
    const res = await send(`{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}`);
    expect(res.status).toBe(413);
  });

  it('posts a firing alert for a watched service as a rollback reminder in the release thread, once', async () => {
    await h.service.start(releaseId, OWNER);
    const res = await send(payload([alert('firing', { service: 'api' })]));
    expect(await res.json()).toEqual({ posted: 1 });
    // Alertmanager re-sends a firing alert every group_interval; the thread must not fill up.
    const again = await send(payload([alert('firing', { service: 'api' })]));
    expect(await again.json()).toEqual({ posted: 0 });
    // The outbox sends after the answer: wait for it rather than race it.
    await h.settle();
    expect(h.slack.posts).toHaveLength(2);
    const reminders = h.slack.matching(/Consider rolling back/);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ channel: CHANNEL, threadTs: THREAD });
    expect(reminders[0]?.text).toContain('HighErrorRate');
    expect(reminders[0]?.text).toContain(`<@${OWNER}>`);
  });

  it('says in the thread when the alert resolves', async () => {
    const watchId = await h.service.start(releaseId, OWNER);
    await send(payload([alert('firing', { job: 'api' })]));
    const res = await send(payload([alert('resolved', { job: 'api' })]));
    expect(await res.json()).toEqual({ posted: 1 });
    await h.settle();
    const resolved = h.slack.matching(/resolved/);
    expect(resolved).toEqual([expect.objectContaining({ channel: CHANNEL, threadTs: THREAD })]);
    const kinds = await database.db.select().from(watchEvents).where(eq(watchEvents.watchId, watchId)).all();
    expect(kinds.map((k) => k.kind)).toEqual(['started', 'alert_firing', 'reminder', 'alert_resolved']);
  });

  it('posts an alert for a service without a watched release in that service channel', async () => {
    const res = await send(payload([alert('firing', { app: 'billing' })]));
    expect(await res.json()).toEqual({ posted: 1 });
    await h.settle();
    const [post] = h.slack.posts;
    expect(post?.channel).toBe(SERVICE_CHANNEL);
    expect(post?.threadTs).toBeUndefined();
    expect(post?.text).toContain('<@UBILLING1>');
    expect(post?.text).toContain('HighErrorRate');
  });
});
