import { describe, expect, it } from 'vitest';
import { serverTimeouts } from '../../../../src/scan/checks/server-timeouts.js';
import { workers } from '../../../../src/scan/checks/workers.js';
import type { SyncScanCheck } from '../../../../src/scan/types.js';
import { createMemoryRepo, fixtureRepo } from '../../../helpers/scan-memory-repo.js';

const at = (r: ReturnType<SyncScanCheck['run']>) => r.evidence.map((e) => `${e.path}:${e.line}`);
const deployment = (replicas: string, args: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    replicas,
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: api:1',
    `          args: ${args}`,
  ].join('\n');

describe('workers', () => {
  it('passes the template-shaped backend (--workers 4); the override file’s --reload is development', () => {
    const r = workers.run(fixtureRepo('config-fullstack'));
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual(['backend/Dockerfile:24']);
  });

  it('passes gunicorn whose gunicorn.conf.py computes workers from cpu_count()', () => {
    const r = workers.run(fixtureRepo('config-multistage'));
    expect(r.verdict).toBe('pass');
    expect(r.why).toContain('cpu_count');
    expect(at(r)).toEqual(['Dockerfile:23', 'gunicorn.conf.py:6']);
  });

  it('fails uvicorn with the default single worker, and --reload in a production compose file', () => {
    const one = workers.run(
      createMemoryRepo({
        Dockerfile: 'FROM python:3.12-slim\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n',
      }),
    );
    expect([one.verdict, ...at(one)]).toEqual(['fail', 'Dockerfile:2']);
    const reload = workers.run(
      createMemoryRepo({
        'compose.yaml':
          'services:\n  api:\n    build: .\n    command: uvicorn app.main:app --reload --workers 4\n',
      }),
    );
    expect([reload.verdict, ...at(reload)]).toEqual(['fail', 'compose.yaml:4']);
  });

  it('warns for one worker per pod across several replicas; fails it with one replica', () => {
    const many = workers.run(
      createMemoryRepo({
        'k8s/api.yaml': deployment('  replicas: 4', '["uvicorn", "m:app", "--host", "0.0.0.0"]'),
      }),
    );
    expect([many.verdict, ...at(many)]).toEqual(['warn', 'k8s/api.yaml:12']);
    const single = workers.run(
      createMemoryRepo({ 'k8s/api.yaml': deployment('  paused: false', '["uvicorn", "m:app"]') }),
    );
    expect(single.verdict).toBe('fail');
    const hpa =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n  minReplicas: 3\n  maxReplicas: 10\n';
    const scaled = workers.run(
      createMemoryRepo({
        'k8s/api.yaml': deployment('  paused: false', '["uvicorn", "m:app"]'),
        'k8s/hpa.yaml': hpa,
      }),
    );
    expect(scaled.verdict).toBe('warn');
    expect(scaled.why).toContain('in 3 replicas');
  });

  it('follows gunicorn_conf.py variables through if/else to cpu_count() (tiangolo image shape); tests/ configs are ignored', () => {
    const conf = [
      'import multiprocessing',
      'import os',
      'web_concurrency_str = os.getenv("WEB_CONCURRENCY", None)',
      'cores = multiprocessing.cpu_count()',
      'default_web_concurrency = 1 * cores',
      'if web_concurrency_str:',
      '    web_concurrency = int(web_concurrency_str)',
      'else:',
      '    web_concurrency = max(int(default_web_concurrency), 2)',
      'workers = web_concurrency',
      '',
    ].join('\n');
    const files = {
      'docker-images/start.sh':
        '#!/bin/sh\nexec gunicorn -k "$WORKER_CLASS" -c "$GUNICORN_CONF" "$APP_MODULE"\n',
      'docker-images/python3.11.dockerfile':
        'FROM python:3.11\nCOPY ./start.sh /start.sh\nCMD ["/start.sh"]\n',
      'docker-images/gunicorn_conf.py': conf,
      'tests/app/gunicorn_conf.py': 'workers = 1\n',
    };
    const r = workers.run(createMemoryRepo(files));
    expect([r.verdict, ...at(r)]).toEqual([
      'pass',
      'docker-images/start.sh:2',
      'docker-images/gunicorn_conf.py:10',
    ]);
    expect(r.why).toContain('`workers = web_concurrency`');
  });

  it('reads WEB_CONCURRENCY, -w in a Procfile, and says unknown without a server command', () => {
    const env = workers.run(
      createMemoryRepo({
        Dockerfile:
          'FROM python:3.12-slim\nENV WEB_CONCURRENCY=3\nCMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "m:app"]\n',
      }),
    );
    expect([env.verdict, ...at(env)]).toEqual(['pass', 'Dockerfile:3', 'Dockerfile:2']);
    const procfile = workers.run(
      createMemoryRepo({
        Procfile: 'release: alembic upgrade head\nweb: gunicorn -w4 -k uvicorn.workers.UvicornWorker m:app\n',
      }),
    );
    expect([procfile.verdict, ...at(procfile)]).toEqual(['pass', 'Procfile:2']);
    expect(workers.run(createMemoryRepo({ 'app/main.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});

describe('server-timeouts', () => {
  it('warns when fastapi run keeps uvicorn’s defaults', () => {
    const r = serverTimeouts.run(fixtureRepo('config-fullstack'));
    expect(r.verdict).toBe('warn');
    expect(r.why).toContain('uvicorn keep-alive 5 s');
    expect(at(r)).toEqual(['backend/Dockerfile:24']);
  });

  it('passes gunicorn.conf.py timeouts and nginx proxy timeouts', () => {
    const r = serverTimeouts.run(fixtureRepo('config-multistage'));
    expect(r.verdict).toBe('pass');
    expect(at(r)).toEqual([
      'Dockerfile:23',
      'gunicorn.conf.py:7',
      'gunicorn.conf.py:8',
      'gunicorn.conf.py:9',
      'deploy/nginx/api.conf:26',
      'deploy/nginx/api.conf:35',
      'deploy/nginx/api.conf:36',
    ]);
  });

  it('passes uvicorn flags, warns on gunicorn timeout 0, unknown with nothing to read', () => {
    const flags = serverTimeouts.run(
      createMemoryRepo({
        Dockerfile:
          'FROM python:3.12-slim\nCMD ["uvicorn", "m:app", "--timeout-keep-alive", "75", "--timeout-graceful-shutdown", "20"]\n',
      }),
    );
    expect([flags.verdict, ...at(flags)]).toEqual(['pass', 'Dockerfile:2']);
    const zero = serverTimeouts.run(createMemoryRepo({ Procfile: 'web: gunicorn --timeout 0 -w 4 m:app\n' }));
    expect([zero.verdict, zero.summary]).toEqual(['warn', 'A timeout of 0 disables the worker timeout']);
    expect(serverTimeouts.run(createMemoryRepo({})).verdict).toBe('unknown');
  });
});
