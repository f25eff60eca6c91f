import { describe, expect, it } from 'vitest';
import { errorTracking } from '../../../../src/scan/checks/error-tracking.js';
import { gzip } from '../../../../src/scan/checks/gzip.js';
import { healthEndpoint } from '../../../../src/scan/checks/health-endpoint.js';
import { metrics } from '../../../../src/scan/checks/metrics.js';
import { readyEndpoint } from '../../../../src/scan/checks/ready-endpoint.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const py = (source: string, extra: Record<string, string> = {}) =>
  createMemoryRepo({
    'main.py': source,
    'app.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
    ...extra,
  });

describe('scan:metrics', () => {
  it('passes Instrumentator().instrument(app) and OpenTelemetry', () => {
    expect(runCheck(metrics, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:38'],
    });
    const otel = py(
      'from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor\nFastAPIInstrumentor.instrument_app(app)\n',
    );
    expect(runCheck(metrics, otel)).toMatchObject({ verdict: 'pass', where: ['main.py:2'] });
  });

  it('warns without instrumentation, and when a metrics package is declared but not wired', () => {
    expect(runCheck(metrics, fixture('template-like')).verdict).toBe('warn');
    const declared = runCheck(
      metrics,
      py('app = FastAPI()\n', { 'requirements.txt': 'fastapi==0.115.0\nprometheus-client==0.21.0\n' }),
    );
    expect(declared.verdict).toBe('warn');
    expect(declared.summary).toContain('prometheus-client is a dependency');
  });
});

describe('scan:error-tracking', () => {
  it('warns on the template’s Sentry whose DSN defaults to None', () => {
    expect(runCheck(errorTracking, fixture('template-like'))).toMatchObject({
      verdict: 'warn',
      where: ['backend/app/main.py:15', 'backend/app/core/config.py:53'],
    });
  });

  it('passes a required SENTRY_DSN and ddtrace', () => {
    expect(runCheck(errorTracking, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:18'],
    });
    expect(runCheck(errorTracking, py('from ddtrace import patch_all\npatch_all()\n')).verdict).toBe('pass');
  });

  it('fails with nothing (a commented-out requirement does not count); warns on an unused dependency', () => {
    expect(runCheck(errorTracking, fixture('broken')).verdict).toBe('fail');
    const unused = py('x = 1\n', {
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["sentry-sdk[fastapi]>=2"]\n',
    });
    expect(runCheck(errorTracking, unused).verdict).toBe('warn');
  });
});

describe('scan:health-endpoint', () => {
  it('passes router and app health routes', () => {
    expect(runCheck(healthEndpoint, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/api/routes/utils.py:29'],
    });
    expect(runCheck(healthEndpoint, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:41'],
    });
  });

  it('warns without one, and does not take /healthy-snacks for a health route', () => {
    expect(runCheck(healthEndpoint, fixture('broken')).verdict).toBe('warn');
    expect(runCheck(healthEndpoint, py('@app.get("/healthy-snacks")\ndef f(): ...\n')).verdict).toBe('warn');
  });
});

describe('app-level checks without an app', () => {
  it('say unknown when no FastAPI/Starlette app is built', () => {
    const repo = createMemoryRepo({
      'lib.py': 'import logging\nlogging.getLogger(__name__).info("ready")\n',
    });
    for (const check of [metrics, errorTracking, healthEndpoint, gzip])
      expect(runCheck(check, repo).verdict).toBe('unknown');
  });
});

describe('scan:gzip', () => {
  it('passes GZipMiddleware and leaves the item to the proxy check without it', () => {
    expect(runCheck(gzip, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:28'],
    });
    expect(runCheck(gzip, fixture('template-like')).verdict).toBe('unknown');
    const wrapped = py(
      'from starlette.middleware import Middleware\nfrom starlette.middleware.gzip import GZipMiddleware\napp = Starlette(middleware=[Middleware(GZipMiddleware)])\n',
    );
    expect(runCheck(gzip, wrapped)).toMatchObject({ verdict: 'pass', where: ['main.py:3'] });
  });
});

describe('scan:ready-endpoint', () => {
  it('passes a /ready route that runs SELECT 1 through the session', () => {
    expect(runCheck(readyEndpoint, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/main.py:46'],
    });
    const raw = py(
      '@app.get("/readyz")\nasync def ready():\n    async with pool.acquire() as conn:\n        await conn.fetchval("SELECT 1")\n',
    );
    expect(runCheck(readyEndpoint, raw)).toMatchObject({ verdict: 'pass', where: ['main.py:1'] });
  });

  it('warns on a health route that answers without a query, and without any route', () => {
    expect(runCheck(readyEndpoint, fixture('template-like'))).toMatchObject({
      verdict: 'warn',
      where: ['backend/app/api/routes/utils.py:29'],
    });
    expect(runCheck(readyEndpoint, fixture('broken'))).toMatchObject({ verdict: 'warn', where: [] });
  });
});
