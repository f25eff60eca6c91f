import { describe, expect, it } from 'vitest';
import { defaultChecklist } from '../../../../src/checklist/checklist.js';
import { CONTAINER_CHECKS } from '../../../../src/scan/checks/container-checks.js';
import { createMemoryRepo, fixtureRepo } from '../../../helpers/scan-memory-repo.js';

const EXPECTED: Record<string, string[]> = {
  'docker-base-image': ['container.docker-image.using-slim-base-image'],
  'docker-multi-stage': ['container.docker-image.multi-stage-build-implemented'],
  'docker-user': ['container.docker-image.non-root-user-configured'],
  dockerignore: ['container.docker-image.dockerignore-excludes-unnecessary-files'],
  'exec-form-cmd': [
    'docs-ops.graceful-shutdown.sigterm-handler-closes-connections',
    'docs-ops.graceful-shutdown.in-flight-requests-complete',
  ],
  workers: ['application.performance.uvicorn-workers-configured-typically'],
  'server-timeouts': ['application.performance.timeouts-set-appropriately-connection'],
  'k8s-resources': ['container.kubernetes.resource-requests-limits-set'],
  'k8s-liveness': ['container.kubernetes.liveness-probe-configured-checks'],
  'k8s-readiness': ['container.kubernetes.readiness-probe-configured-checks'],
  'k8s-rolling-update': ['container.kubernetes.rolling-updates-configured'],
  'k8s-secrets': ['container.kubernetes.secrets-stored-in-k8s'],
  'k8s-probe-timeout': ['docs-ops.health-checks.health-check-timeout-30s'],
  'proxy-tls': ['container.reverse-proxy.tls-termination-configured'],
  'proxy-headers': ['container.reverse-proxy.request-headers-forwarded-x'],
  'rate-limit': ['container.reverse-proxy.rate-limiting-configured'],
  'proxy-gzip': [
    'application.performance.gzip-compression-enabled',
    'container.reverse-proxy.gzip-compression-enabled',
  ],
  'certificate-renewal': ['security.https-tls.certificate-renewal-automated-e'],
};

describe('container checks registry', () => {
  it('registers each check once, and the default checklist names each on its items', () => {
    expect(CONTAINER_CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(EXPECTED).sort());
    const checklist = defaultChecklist();
    const items = [...checklist.itemById.values()].map(({ item }) => item);
    for (const [id, expected] of Object.entries(EXPECTED)) {
      const naming = items.filter((i) => i.verifiedBy?.includes(`scan:${id}`)).map((i) => i.id);
      expect(naming.sort(), id).toEqual([...expected].sort());
    }
  });

  it.each(['config-fullstack', 'config-multistage', 'config-k8s-plain', 'config-caddy'])(
    'on %s every check gives a verdict whose evidence lines exist in the files, and fixes come with non-passing verdicts',
    (name) => {
      const repo = fixtureRepo(name);
      for (const check of CONTAINER_CHECKS) {
        const r = check.run(repo);
        expect(['pass', 'warn', 'fail', 'unknown']).toContain(r.verdict);
        for (const e of r.evidence) {
          const lines = (repo.read(e.path) ?? '').split('\n');
          expect(e.line, `${check.id} ${e.path}:${e.line}`).toBeGreaterThanOrEqual(1);
          expect(e.line, `${check.id} ${e.path}:${e.line}`).toBeLessThanOrEqual(lines.length);
        }
        if (r.verdict === 'warn' || r.verdict === 'fail') expect(r.fix, check.id).not.toBe('');
      }
    },
  );

  it('hostile files end in notes, never a crash: a YAML alias bomb, broken nginx, unbalanced Caddyfile, garbage Dockerfile', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const repo = createMemoryRepo({
      'k8s/bomb.yaml': `${bomb.join('\n')}\nkind: Deployment\napiVersion: apps/v1\n`,
      'nginx/broken.conf': 'server { listen 80; location / { proxy_pass http://app',
      Caddyfile: 'example.com {\n  reverse_proxy app:8000 {\n',
      Dockerfile: '\u0000\u0001FROM\nUSER\nCMD [\n',
      'compose.yaml': 'services: [1, 2\n',
    });
    for (const check of CONTAINER_CHECKS) expect(() => check.run(repo), check.id).not.toThrow();
    const noted = repo.notes.map((n) => n.path);
    expect(noted).toContain('k8s/bomb.yaml');
    expect(noted).toContain('nginx/broken.conf');
    expect(noted).toContain('compose.yaml');
  });
});
