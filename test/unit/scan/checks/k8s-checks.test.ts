import { describe, expect, it } from 'vitest';
import { k8sLiveness } from '../../../../src/scan/checks/k8s-liveness.js';
import { k8sProbeTimeout } from '../../../../src/scan/checks/k8s-probe-timeout.js';
import { k8sReadiness } from '../../../../src/scan/checks/k8s-readiness.js';
import { k8sResources } from '../../../../src/scan/checks/k8s-resources.js';
import { k8sRollingUpdate } from '../../../../src/scan/checks/k8s-rolling-update.js';
import { k8sSecrets } from '../../../../src/scan/checks/k8s-secrets.js';
import { workers } from '../../../../src/scan/checks/workers.js';
import type { SyncScanCheck } from '../../../../src/scan/types.js';
import { createMemoryRepo, fixtureRepo } from '../../../helpers/scan-memory-repo.js';

const at = (r: ReturnType<SyncScanCheck['run']>) => r.evidence.map((e) => `${e.path}:${e.line}`);
const DEPLOY = 'k8s/base/deployment.yaml';
const PLAIN = 'deploy/app.yaml';

describe('Kubernetes checks on a kustomize base with a production overlay', () => {
  const repo = fixtureRepo('config-multistage');

  it('passes resources: the production patch adds the limits the base leaves out', () => {
    const r = k8sResources.run(repo);
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual(['k8s/overlays/production/resources-patch.yaml:12']);
  });

  it('passes liveness and readiness on distinct health paths, with their timeouts under 30 s', () => {
    const live = k8sLiveness.run(repo);
    expect([live.verdict, ...at(live)]).toEqual(['pass', `${DEPLOY}:48`]);
    expect(live.why).toContain('/health/live');
    const ready = k8sReadiness.run(repo);
    expect([ready.verdict, ...at(ready)]).toEqual(['pass', `${DEPLOY}:54`]);
    const timeout = k8sProbeTimeout.run(repo);
    expect([timeout.verdict, ...at(timeout)]).toEqual(['pass', `${DEPLOY}:53`, `${DEPLOY}:59`]);
  });

  it('passes the rolling update; the dev overlay’s Recreate is development and not judged', () => {
    const r = k8sRollingUpdate.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['pass', `${DEPLOY}:10`]);
  });

  it('passes secrets read through secretKeyRef (the ConfigMap holds only settings)', () => {
    const r = k8sSecrets.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['pass', `${DEPLOY}:36`, `${DEPLOY}:41`]);
  });
});

describe('Kubernetes checks on a single multi-document manifest with the usual mistakes', () => {
  const repo = fixtureRepo('config-k8s-plain');

  it('fails resources for the container without any, warns for the one without a CPU limit', () => {
    const r = k8sResources.run(repo);
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('api/api does not set requests.cpu, requests.memory, limits.memory, limits.cpu');
    expect(r.why).toContain('api/worker does not set limits.cpu');
    expect(at(r)).toEqual([`${PLAIN}:27`, `${PLAIN}:51`]);
  });

  it('passes liveness on the health-check path with the default 1 s timeout; fails the worker with none', () => {
    const r = k8sLiveness.run(repo);
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('timeoutSeconds 1 (the default)');
    expect(at(r)).toEqual([`${PLAIN}:46`, `${PLAIN}:38`]);
  });

  it('warns when readiness asks the same path as liveness, fails the worker with none', () => {
    const r = k8sReadiness.run(repo);
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('same `/api/v1/utils/health-check/`');
    expect(at(r)).toEqual([`${PLAIN}:46`, `${PLAIN}:42`, `${PLAIN}:38`]);
  });

  it('fails the Recreate strategy', () => {
    const r = k8sRollingUpdate.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['fail', `${PLAIN}:17`]);
  });

  it('fails a credentialled DATABASE_URL in a ConfigMap and a literal SECRET_KEY value', () => {
    const r = k8sSecrets.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['fail', `${PLAIN}:8`, `${PLAIN}:35`]);
    expect(r.why).not.toContain('SENTRY_ENVIRONMENT');
  });

  it('passes probe timeouts left at the 1 s default (under 30 s)', () => {
    const r = k8sProbeTimeout.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['pass', `${PLAIN}:38`, `${PLAIN}:42`]);
  });

  it('warns for one uvicorn worker per pod across 2 replicas, and notes the Helm template it skipped', () => {
    const r = workers.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['warn', `${PLAIN}:29`]);
    expect(repo.notes).toContainEqual({
      path: 'chart/templates/deployment.yaml',
      note: expect.stringContaining('Helm template'),
    });
  });
});

describe('Kubernetes checks on small cases', () => {
  const manifest = (strategy: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n${strategy}  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n`;

  it('says unknown (not applicable?) without Kubernetes workloads', () => {
    const repo = createMemoryRepo({ Dockerfile: 'FROM python:3.12-slim\n' });
    for (const check of [
      k8sResources,
      k8sLiveness,
      k8sReadiness,
      k8sRollingUpdate,
      k8sSecrets,
      k8sProbeTimeout,
    ]) {
      const r = check.run(repo);
      expect(r.verdict).toBe('unknown');
    }
    expect(k8sResources.run(repo).why).toContain('N/A');
  });

  it('passes a Deployment with no strategy (RollingUpdate by default), fails maxUnavailable 100%', () => {
    const dflt = k8sRollingUpdate.run(createMemoryRepo({ 'k8s/d.yaml': manifest('') }));
    expect([dflt.verdict, ...at(dflt)]).toEqual(['pass', 'k8s/d.yaml:2']);
    expect(dflt.why).toContain('RollingUpdate (maxSurge 25 %');
    const all = k8sRollingUpdate.run(
      createMemoryRepo({
        'k8s/d.yaml': manifest('  strategy:\n    rollingUpdate:\n      maxUnavailable: 100%\n'),
      }),
    );
    expect([all.verdict, ...at(all)]).toEqual(['fail', 'k8s/d.yaml:9']);
  });

  it('follows kustomization resources: one in the tree is fine, one outside it or missing is noted once', () => {
    const repo = createMemoryRepo({
      'deploy/base/d.yaml': manifest(''),
      'deploy/prod/kustomization.yaml':
        'resources:\n  - ../base\n  - ../../../shared/db\n  - ../monitoring\n  - https://github.com/org/repo//deploy?ref=v1\n',
    });
    for (const check of [k8sResources, k8sLiveness, k8sRollingUpdate]) check.run(repo);
    expect(repo.notes).toEqual([
      {
        path: 'deploy/prod/kustomization.yaml',
        note: expect.stringContaining('`../../../shared/db` is not in the scanned tree'),
      },
      {
        path: 'deploy/prod/kustomization.yaml',
        note: expect.stringContaining('`../monitoring` is not in the scanned tree'),
      },
    ]);
  });

  it('fails a probe that waits 30 s', () => {
    const yaml = `${manifest('')}          livenessProbe:\n            httpGet: { path: /health, port: 8000 }\n            timeoutSeconds: 30\n`;
    const r = k8sProbeTimeout.run(createMemoryRepo({ 'k8s/d.yaml': yaml }));
    expect([r.verdict, ...at(r)]).toEqual(['fail', 'k8s/d.yaml:14']);
  });
});
