import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSettingsSchema } from '../../../src/config.js';
import { runProbes } from '../../../src/probes/runner.js';
import { checkCertificate } from '../../../src/probes/tls-certificate.js';
import type { ProbeId, ProbeReport } from '../../../src/probes/types.js';
import {
  badService,
  goodService,
  hanging,
  hugeBody,
  listen,
  redirectTo,
  type Target,
} from '../../helpers/probe-targets.js';
import { makeTlsFixtures, type TlsFixtures } from '../../helpers/tls-fixtures.js';

const statuses = (r: ProbeReport) =>
  Object.fromEntries(r.results.map((x) => [x.id, x.status])) as Record<ProbeId, string>;

describe('probes against real local HTTP(S) servers', () => {
  let tls: TlsFixtures;
  const servers: Target[] = [];
  let good: Target;
  let bad: Target;
  let goodPlain: Target;
  beforeAll(async () => {
    tls = makeTlsFixtures();
    good = await listen(goodService, tls.valid);
    bad = await listen(badService, tls.selfSigned);
    goodPlain = await listen(redirectTo((req) => `https://127.0.0.1:${good.port}${req.url}`));
    servers.push(good, bad, goodPlain);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    tls.cleanup();
  });
  const settings = (over: Record<string, unknown> = {}) =>
    probeSettingsSchema.parse({
      samplePath: '/items',
      errorPath: '/boom',
      staticPath: '/static/app.js',
      // Generous: these tests are not about speed, and a loaded machine makes local TLS slow.
      latencyBudgetMs: 30_000,
      latencyRequests: 5,
      timeoutMs: 2000,
      ...over,
    });

  it('passes every probe on a well-configured service (api-docs not public)', async () => {
    const r = await runProbes(
      { url: good.url, settings: settings({ httpUrl: goodPlain.url }) },
      { ca: tls.ca },
    );
    expect(statuses(r)).toEqual({
      health: 'pass',
      ready: 'pass',
      'https-redirect': 'pass',
      'tls-certificate': 'pass',
      hsts: 'pass',
      cors: 'pass',
      compression: 'pass',
      'error-disclosure': 'pass',
      'request-id': 'pass',
      'api-docs': 'pass',
      'security-headers': 'pass',
      'server-header': 'pass',
      latency: 'pass',
      'static-cache': 'pass',
    });
    expect(r.summary).toEqual({ pass: 14, warn: 0, fail: 0, skip: 0 });
  });

  it('flags every problem of a misconfigured service with a remediation', async () => {
    const plain = await listen(badService);
    servers.push(plain);
    const r = await runProbes({ url: bad.url, settings: settings({ httpUrl: plain.url }) }, { ca: tls.ca });
    expect(statuses(r)).toMatchObject({
      ready: 'fail',
      'https-redirect': 'fail',
      'tls-certificate': 'fail',
      hsts: 'fail',
      cors: 'fail',
      compression: 'fail',
      'error-disclosure': 'fail',
      'request-id': 'fail',
      'api-docs': 'warn',
      'security-headers': 'warn',
      'server-header': 'warn',
      'static-cache': 'fail',
    });
    for (const x of r.results.filter((y) => y.status === 'fail'))
      expect(x.remediation.length).toBeGreaterThan(10);
    expect(r.results.find((x) => x.id === 'tls-certificate')?.summary).toMatch(/not trusted/);
  });

  it('warns 8–30 days before expiry and fails at ≤ 7 days and on a wrong host name', async () => {
    for (const [pem, expected, text] of [
      [tls.expiring20, 'warn', /expires in 19|expires in 20/],
      [tls.expiring5, 'fail', /expires in [45] days/],
      [tls.wrongHost, 'fail', /does not match/],
    ] as const) {
      const s = await listen(goodService, pem);
      servers.push(s);
      const r = await runProbes(
        { url: s.url, settings: settings(), only: ['tls-certificate'] },
        { ca: tls.ca },
      );
      expect(r.results[0]).toMatchObject({ id: 'tls-certificate', status: expected });
      expect(r.results[0]!.summary).toMatch(text);
    }
  });

  it('ends a hanging target in a timeout fail, not a hang', async () => {
    const s = await listen(hanging);
    servers.push(s);
    const t = Date.now();
    const r = await runProbes({
      url: s.url,
      settings: settings({ timeoutMs: 300, deadlineMs: 2000 }),
      only: ['health', 'ready', 'latency'],
    });
    expect(Date.now() - t).toBeLessThan(3000);
    expect(r.results.every((x) => x.status === 'fail')).toBe(true);
    expect(r.results[0]!.summary).toMatch(/timed out|deadline/);
  });

  it('stops reading a huge body at the cap', async () => {
    const s = await listen(hugeBody);
    servers.push(s);
    const before = process.memoryUsage().rss;
    const r = await runProbes({
      url: s.url,
      settings: settings({ timeoutMs: 3000 }),
      only: ['health', 'error-disclosure'],
    });
    expect(r.results.map((x) => x.status)).toContain('pass');
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('fails https-redirect on a redirect loop to plain http and on another host', async () => {
    const loop = await listen(
      redirectTo((req) => `http://127.0.0.1:${(req.socket.localPort ?? 0).toString()}/`),
    );
    const other = await listen(redirectTo(() => 'https://elsewhere.example/'));
    servers.push(loop, other);
    const a = await runProbes(
      { url: good.url, settings: settings({ httpUrl: loop.url }), only: ['https-redirect'] },
      { ca: tls.ca },
    );
    const b = await runProbes(
      { url: good.url, settings: settings({ httpUrl: other.url }), only: ['https-redirect'] },
      { ca: tls.ca },
    );
    expect(a.results[0]).toMatchObject({ status: 'fail' });
    expect(b.results[0]?.summary).toMatch(/another host/);
  });
  it('checkCertificate reports expiry, trust and host name (the daily certificate job reads it)', async () => {
    const ok = await checkCertificate(good.url, { ca: tls.ca });
    expect(ok).toMatchObject({
      authorized: true,
      hostnameMatches: true,
      issuer: 'deploy-check test CA',
      subject: 'valid',
    });
    expect(ok.daysLeft).toBeGreaterThanOrEqual(363);
    const later = await checkCertificate(good.url, {
      ca: tls.ca,
      now: () => Date.parse(ok.validTo) - 3 * 86_400_000,
    });
    expect(later.daysLeft).toBe(3);
    expect(await checkCertificate(bad.url, { ca: tls.ca })).toMatchObject({
      authorized: false,
      authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    // Without the private CA (probes.caFile) the same chain is not trusted.
    expect((await checkCertificate(good.url)).authorized).toBe(false);
  });
});
