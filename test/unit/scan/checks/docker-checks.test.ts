import { describe, expect, it } from 'vitest';
import { dockerBaseImage } from '../../../../src/scan/checks/docker-base-image.js';
import { dockerMultiStage } from '../../../../src/scan/checks/docker-multi-stage.js';
import { dockerignore } from '../../../../src/scan/checks/dockerignore.js';
import { execFormCmd } from '../../../../src/scan/checks/exec-form-cmd.js';
import type { SyncScanCheck } from '../../../../src/scan/types.js';
import { createMemoryRepo, fixtureRepo, type MemoryRepo } from '../../../helpers/scan-memory-repo.js';

const at = (r: ReturnType<SyncScanCheck['run']>) => r.evidence.map((e) => `${e.path}:${e.line}`);

describe('Dockerfile checks on a full-stack-fastapi-template-shaped repository', () => {
  const repo = fixtureRepo('config-fullstack');

  it('fails the base image: the backend runs FROM python:3.10, a full image (the node frontend is not judged)', () => {
    const r = dockerBaseImage.run(repo);
    expect(r.verdict).toBe('fail');
    expect(at(r)).toEqual(['backend/Dockerfile:1']);
    expect(r.why).toContain('python:3.10');
  });

  it('fails multi-stage: one stage (COPY --from an external uv image is not a build stage)', () => {
    const r = dockerMultiStage.run(repo);
    expect(r.verdict).toBe('fail');
    expect(at(r)).toEqual(['backend/Dockerfile:1']);
  });

  it('passes exec form: CMD ["fastapi", "run", …] receives SIGTERM itself', () => {
    const r = execFormCmd.run(repo);
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual(['backend/Dockerfile:24']);
  });

  it('warns on .dockerignore: it misses .git, .env files and test caches (COPY copies named paths only)', () => {
    const r = dockerignore.run(repo);
    expect(r.verdict).toBe('warn');
    expect(r.why).toContain('.git, .env files');
    expect(r.why).not.toContain('virtualenvs');
    expect(r.why).toContain('__pycache__ (at every depth');
    expect(at(r)).toEqual(['backend/.dockerignore:1']);
  });
});

describe('Dockerfile checks on a multi-stage, non-root repository', () => {
  const repo = fixtureRepo('config-multistage');

  it('passes the base image through an ARG default: python:3.12-slim-bookworm', () => {
    const r = dockerBaseImage.run(repo);
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual(['Dockerfile:13']);
  });

  it('passes multi-stage with the COPY --from=build line as evidence', () => {
    const r = dockerMultiStage.run(repo);
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual(['Dockerfile:13', 'Dockerfile:18']);
  });

  it('passes exec form through tini', () => {
    const r = execFormCmd.run(repo);
    expect(r.verdict).toBe('pass');
    expect(r.why).toContain('tini');
    expect(at(r)).toEqual(['Dockerfile:22', 'gunicorn.conf.py:8']);
  });

  it('passes .dockerignore: .git, .env*, venvs and nested caches are excluded', () => {
    const r = dockerignore.run(repo);
    expect(r.verdict).toBe('pass');
  });
});

const repoOf = (files: Record<string, string>): MemoryRepo => createMemoryRepo(files);

describe('Dockerfile checks on small cases', () => {
  it('says unknown without a Dockerfile', () => {
    const repo = repoOf({ 'app/main.py': 'app = 1\n' });
    for (const check of [dockerBaseImage, dockerMultiStage, dockerignore, execFormCmd])
      expect(check.run(repo).verdict).toBe('unknown');
  });

  it('a final stage FROM an earlier stage inherits its image', () => {
    const repo = repoOf({
      Dockerfile:
        'FROM python:3.12-bookworm AS base\nRUN pip install x\nFROM base\nCMD ["uvicorn", "m:app"]\n',
    });
    const r = dockerBaseImage.run(repo);
    expect(r.verdict).toBe('fail');
    expect(at(r)).toEqual(['Dockerfile:1']);
    expect(dockerMultiStage.run(repo).verdict).toBe('warn');
  });

  it.each([
    ['python:3.12-alpine3.20', 'pass'],
    ['gcr.io/distroless/python3-debian12', 'pass'],
    ['cgr.dev/chainguard/python:latest', 'pass'],
    ['python:3.12-bullseye', 'fail'],
    ['python', 'fail'],
    ['ubuntu:24.04', 'warn'],
  ])('FROM %s → %s', (image, verdict) => {
    expect(
      dockerBaseImage.run(repoOf({ Dockerfile: `FROM ${image}\nRUN pip install fastapi\n` })).verdict,
    ).toBe(verdict);
  });

  it('warns when the runtime stage copies a frontend build but still installs Python dependencies itself', () => {
    // The shape of the current full-stack-fastapi-template backend/Dockerfile: a bun stage, then python:3.x.
    const repo = repoOf({
      Dockerfile:
        'FROM oven/bun:1 AS frontend-build\nRUN bun run build\n\nFROM python:3.14\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --frozen\nCOPY --from=frontend-build /app/dist /app/static\nCMD ["fastapi", "run", "--workers", "4"]\n',
    });
    const r = dockerMultiStage.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['warn', 'Dockerfile:4', 'Dockerfile:5']);
  });

  it('a single slim stage without compilers is a warning; with build-essential it fails', () => {
    const slim = 'FROM python:3.12-slim\nRUN pip install fastapi\n';
    expect(dockerMultiStage.run(repoOf({ Dockerfile: slim })).verdict).toBe('warn');
    const tools = repoOf({ Dockerfile: `${slim}RUN apt-get install -y build-essential\n` });
    expect(dockerMultiStage.run(tools).verdict).toBe('fail');
    expect(at(dockerMultiStage.run(tools))).toEqual(['Dockerfile:1', 'Dockerfile:3']);
  });

  it('fails a missing .dockerignore when COPY . . copies the whole context', () => {
    const r = dockerignore.run(repoOf({ Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n' }));
    expect(r.verdict).toBe('fail');
    expect(at(r)).toEqual(['Dockerfile:3']);
  });

  it('fails when .env is not excluded and COPY . . bakes it in; a root-only __pycache__ pattern misses nested ones', () => {
    const r = dockerignore.run(
      repoOf({
        Dockerfile: 'FROM python:3.12-slim\nCOPY . .\n',
        '.dockerignore': '.git\n.venv\nvenv\n__pycache__\n.pytest_cache\n.mypy_cache\n',
      }),
    );
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('.env files');
    expect(r.why).toContain('__pycache__ (at every depth');
    expect(at(r)).toEqual(['.dockerignore:1', 'Dockerfile:2']);
  });

  it('judges a Kubernetes command too: `sh -c` without exec fails, a direct command passes', () => {
    const deployment = (command: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n          command: ${command}\n`;
    const shell = execFormCmd.run(
      repoOf({ 'k8s/api.yaml': deployment('["/bin/sh", "-c", "alembic upgrade head && uvicorn m:app"]') }),
    );
    expect([shell.verdict, ...at(shell)]).toEqual(['fail', 'k8s/api.yaml:11']);
    const direct = execFormCmd.run(
      repoOf({ 'k8s/api.yaml': deployment('["uvicorn", "m:app", "--timeout-graceful-shutdown", "20"]') }),
    );
    expect([direct.verdict, ...at(direct)]).toEqual(['pass', 'k8s/api.yaml:11', 'k8s/api.yaml:11']);
  });

  it('fails shell-form CMD and an entrypoint script that does not exec; passes one that does', () => {
    const shell = execFormCmd.run(
      repoOf({ Dockerfile: 'FROM python:3.12-slim\nCMD uvicorn app.main:app --host 0.0.0.0\n' }),
    );
    expect([shell.verdict, ...at(shell)]).toEqual(['fail', 'Dockerfile:2']);
    const docker = 'FROM python:3.12-slim\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n';
    const noExec = execFormCmd.run(
      repoOf({
        Dockerfile: docker,
        'scripts/start.sh': '#!/bin/sh\nalembic upgrade head\nuvicorn app.main:app\n',
      }),
    );
    expect([noExec.verdict, ...at(noExec)]).toEqual(['fail', 'Dockerfile:3', 'scripts/start.sh:3']);
    const exec = execFormCmd.run(
      repoOf({
        Dockerfile: docker,
        'scripts/start.sh':
          '#!/bin/sh\nset -e\nalembic upgrade head\nexec uvicorn app.main:app \\\n  --workers 2\n\n',
      }),
    );
    expect(exec.verdict).toBe('pass');
    const missing = execFormCmd.run(repoOf({ Dockerfile: docker }));
    expect([missing.verdict, missing.summary, missing.fix, ...at(missing)]).toEqual([
      'unknown',
      'The entrypoint script is not in the repository',
      '',
      'Dockerfile:3',
    ]);
    const shC = execFormCmd.run(
      repoOf({
        Dockerfile: 'FROM python:3.12-slim\nCMD ["sh", "-c", "alembic upgrade head && uvicorn m:app"]\n',
      }),
    );
    expect(shC.verdict).toBe('fail');
  });
});
