import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeSettingsSchema } from '../../../src/config.js';
import { createMetricsScrapeSource } from '../../../src/monitor/sources/metrics-scrape.js';
import { runProbes } from '../../../src/probes/runner.js';
import type { ProbeId } from '../../../src/probes/types.js';
import { createDemoService, type DemoService, type DemoSwitches } from '../../../src/sandbox/demo-service.js';

describe('the sandbox demo service, as the probes and the watch see it', () => {
  let demo: DemoService;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    demo = createDemoService({ trafficPerSecond: 200 });
    server = createServer((req, res) =>
      demo.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname.slice(5)),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo`;
  });
  afterAll(async () => {
    demo.close();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    for (const name of Object.keys(demo.switches()) as (keyof DemoSwitches)[]) demo.set(name, false);
  });

  const probe = async (ids: ProbeId[]) => {
    const settings = probeSettingsSchema.parse({
      samplePath: '/api/v1/items',
      errorPath: '/api/v1/boom',
      staticPath: '/static/app.js',
      latencyRequests: 3,
    });
    const report = await runProbes({ url, settings, only: ids });
    return Object.fromEntries(report.results.map((r) => [r.id, r.status]));
  };

  it('passes the probes the sandbox checklist relies on while healthy', async () => {
    const ids: ProbeId[] = ['health', 'ready', 'cors', 'error-disclosure', 'request-id', 'security-headers'];
    expect(await probe([...ids, 'compression', 'static-cache'])).toEqual(
      Object.fromEntries([...ids, 'compression', 'static-cache'].map((id) => [id, 'pass'])),
    );
  });

  it.each([
    ['corsReflectsAnyOrigin', 'cors', 'fail'],
    ['debugTracebacks', 'error-disclosure', 'fail'],
    ['noSecurityHeaders', 'security-headers', 'warn'],
    ['notReady', 'ready', 'fail'],
  ] as const)('with %s switched on, the %s probe reports %s', async (name, id, status) => {
    demo.set(name, true);
    expect((await probe([id]))[id]).toBe(status);
  });

  it('serves instrumentator-style counters whose error ratio rises with the error switch', async () => {
    const source = createMetricsScrapeSource({
      url: `${url}/metrics`,
      metric: 'http_requests_total',
      statusLabel: 'status',
    });
    const ratioOver = async (minRequests: number) => {
      await source.sample(Date.now());
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const s = await source.sample(Date.now());
        if ('total' in s && s.total >= minRequests) return s.ratio;
      }
    };
    expect(await ratioOver(40)).toBeLessThan(0.05);
    demo.set('highErrorRate', true);
    expect(await ratioOver(40)).toBeGreaterThan(0.2);
  });
});
