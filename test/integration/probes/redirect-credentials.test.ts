import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeSettingsSchema } from '../../../src/config.js';
import { createHttpClient } from '../../../src/probes/http.js';
import { runProbes } from '../../../src/probes/runner.js';
import { listen, type Target } from '../../helpers/probe-targets.js';

/** Two real servers: `origin` redirects (to itself or to `other`), both record what reached their landing page. */
describe('credentials stay with their origin across redirects', () => {
  let origin: Target;
  let other: Target;
  const seen: { origin: IncomingHttpHeaders[]; other: IncomingHttpHeaders[] } = { origin: [], other: [] };
  beforeAll(async () => {
    other = await listen((req, res) => {
      if (req.url === '/bounce') return void res.writeHead(302, { location: `${origin.url}/landed` }).end();
      seen.other.push(req.headers);
      res.writeHead(200).end('{}');
    });
    origin = await listen((req, res) => {
      const path = req.url ?? '/';
      if (path === '/health') return void res.writeHead(302, { location: `${other.url}/health` }).end();
      if (path === '/same') return void res.writeHead(302, { location: '/landed' }).end();
      if (path === '/away') return void res.writeHead(302, { location: `${other.url}/bounce` }).end();
      seen.origin.push(req.headers);
      res.writeHead(200).end('{}');
    });
  });
  afterAll(async () => {
    await origin.close();
    await other.close();
  });
  beforeEach(() => {
    seen.origin = [];
    seen.other = [];
  });

  const configured = { authorization: 'Bearer s3cret', 'x-api-key': 'k3y' };

  it('a probe redirected to another port never sends the configured headers there', async () => {
    const settings = probeSettingsSchema.parse({ headers: configured, timeoutMs: 3000 });
    const r = await runProbes({ url: origin.url, settings, only: ['health'] });
    expect(r.results[0]).toMatchObject({ status: 'pass' });
    expect(seen.other).toHaveLength(1);
    expect(seen.other[0]).not.toHaveProperty('authorization');
    expect(seen.other[0]).not.toHaveProperty('x-api-key');
  });

  it('drops Cookie and Proxy-Authorization set by a probe on a cross-origin hop', async () => {
    const done = new AbortController();
    const http = createHttpClient({ timeoutMs: 3000, signal: done.signal });
    try {
      await http.request(`${origin.url}/health`, {
        follow: 3,
        headers: { cookie: 'session=1', 'proxy-authorization': 'Basic eDp5', accept: 'application/json' },
      });
    } finally {
      await http.close();
    }
    expect(seen.other[0]).not.toHaveProperty('cookie');
    expect(seen.other[0]).not.toHaveProperty('proxy-authorization');
    expect(seen.other[0]?.accept).toBe('application/json');
  });

  it('keeps the configured headers on a same-origin redirect', async () => {
    const done = new AbortController();
    const http = createHttpClient({ timeoutMs: 3000, signal: done.signal, headers: configured });
    try {
      const res = await http.request(`${origin.url}/same`, { follow: 3 });
      expect(res.status).toBe(200);
    } finally {
      await http.close();
    }
    expect(seen.origin[0]).toMatchObject(configured);
  });

  it('does not restore the headers when a later hop comes back to the first origin', async () => {
    const done = new AbortController();
    const http = createHttpClient({ timeoutMs: 3000, signal: done.signal, headers: configured });
    try {
      const res = await http.request(`${origin.url}/away`, { follow: 3 });
      expect(res.url).toBe(`${origin.url}/landed`);
    } finally {
      await http.close();
    }
    expect(seen.origin[0]).not.toHaveProperty('authorization');
    expect(seen.origin[0]).not.toHaveProperty('x-api-key');
  });
});
