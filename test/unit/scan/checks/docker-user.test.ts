import { describe, expect, it } from 'vitest';
import { dockerUser } from '../../../../src/scan/checks/docker-user.js';
import { createMemoryRepo, fixtureRepo } from '../../../helpers/scan-memory-repo.js';

const run = (dockerfile: string[]) =>
  dockerUser.run(createMemoryRepo({ Dockerfile: `${dockerfile.join('\n')}\n` }));
const at = (r: ReturnType<typeof run>) => r.evidence.map((e) => `${e.path}:${e.line}`);

/**
 * Every case of hadolint's DL3002 spec (hadolint/hadolint, test/Hadolint/Rule/DL3002Spec.hs), ported with
 * the verdict this check gives. Two deliberate differences, both because this item asks what user the
 * shipped container runs as: a builder stage ending as root does not matter when the final stage switches
 * user ("warns on multiple stages": hadolint flags it, we pass), and a final stage with no USER at all runs
 * as root ("does not warn when switching in multiple stages": hadolint stays silent, we fail).
 */
describe('docker-user on hadolint DL3002 spec cases', () => {
  it.each([
    ['last user should not be root', ['FROM scratch', 'USER root'], 'fail', 2],
    ['no root', ['FROM scratch', 'USER foo'], 'pass', 2],
    ['no root UID', ['FROM scratch', 'USER 0'], 'fail', 2],
    ['no root:root', ['FROM scratch', 'USER root:root'], 'fail', 2],
    ['no UID:GID', ['FROM scratch', 'USER 0:0'], 'fail', 2],
    ['can switch back to non root', ['FROM scratch', 'USER root', 'RUN something', 'USER foo'], 'pass', 4],
    [
      'warns on transitive root user',
      ['FROM debian as base', 'USER root', 'RUN something', 'FROM base', 'RUN something else'],
      'fail',
      2,
    ],
    [
      'warns on multiple stages (hadolint flags the builder; the shipped stage runs as foo)',
      ['FROM debian as base', 'USER root', 'RUN something', 'FROM scratch', 'USER foo', 'RUN something else'],
      'pass',
      5,
    ],
    [
      'does not warn when switching in multiple stages (hadolint is silent; the final stage has no USER: root)',
      ['FROM debian as base', 'USER root', 'RUN something', 'USER foo', 'FROM scratch', 'RUN something else'],
      'fail',
      5,
    ],
  ] as const)('%s', (_name, lines, verdict, line) => {
    const r = run([...lines]);
    expect(r.verdict).toBe(verdict);
    expect(at(r)).toEqual([`Dockerfile:${line}`]);
  });

  it('a stage FROM a non-root stage inherits the non-root user', () => {
    const r = run(['FROM python:3.12-slim AS base', 'USER app', 'FROM base', 'CMD ["uvicorn", "m:app"]']);
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual(['Dockerfile:2']);
  });
});

describe('docker-user on realistic repositories', () => {
  it('fails the template-shaped backend: no USER, so root', () => {
    const r = dockerUser.run(fixtureRepo('config-fullstack'));
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('no USER at all');
    expect(at(r)).toEqual(['backend/Dockerfile:1']);
  });

  it('passes the multi-stage image (USER app) with the Kubernetes securityContext as supporting evidence', () => {
    const r = dockerUser.run(fixtureRepo('config-multistage'));
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual(['Dockerfile:20', 'k8s/base/deployment.yaml:24']);
  });

  it('warns when the image runs as root but Kubernetes overrides the user', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: api }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          image: api:1',
      '          securityContext:',
      '            runAsUser: 1000',
    ].join('\n');
    const r = dockerUser.run(
      createMemoryRepo({
        Dockerfile: 'FROM python:3.12-slim\nCMD ["uvicorn", "m:app"]\n',
        'deploy/api.yaml': deployment,
      }),
    );
    expect(r.verdict).toBe('warn');
    expect(at(r)).toEqual(['Dockerfile:1', 'deploy/api.yaml:11']);
  });
});
