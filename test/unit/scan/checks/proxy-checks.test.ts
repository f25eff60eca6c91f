import { describe, expect, it } from 'vitest';
import { certificateRenewal } from '../../../../src/scan/checks/certificate-renewal.js';
import { proxyGzip } from '../../../../src/scan/checks/proxy-gzip.js';
import { proxyHeaders } from '../../../../src/scan/checks/proxy-headers.js';
import { proxyTls } from '../../../../src/scan/checks/proxy-tls.js';
import { rateLimit } from '../../../../src/scan/checks/rate-limit.js';
import type { SyncScanCheck } from '../../../../src/scan/types.js';
import { createMemoryRepo, fixtureRepo } from '../../../helpers/scan-memory-repo.js';

const at = (r: ReturnType<SyncScanCheck['run']>) => r.evidence.map((e) => `${e.path}:${e.line}`);
const NGINX = 'deploy/nginx/api.conf';
const INGRESS = 'k8s/base/ingress.yaml';

describe('proxy checks on an nginx site with TLS, headers, limit_req and gzip, behind an Ingress', () => {
  const repo = fixtureRepo('config-multistage');

  it('passes TLS: listen 443 ssl with ssl_certificate, and the Ingress tls section', () => {
    const r = proxyTls.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['pass', `${NGINX}:14`, `${NGINX}:18`, `${INGRESS}:11`]);
  });

  it('passes forwarded headers in the proxied location', () => {
    const r = proxyHeaders.run(repo);
    expect([r.verdict, ...at(r)]).toEqual([
      'pass',
      `${NGINX}:31`,
      `${NGINX}:32`,
      `${NGINX}:33`,
      `${NGINX}:34`,
      `${INGRESS}:2`,
    ]);
  });

  it('passes rate limiting: limit_req_zone + limit_req, and the Ingress limit-rps', () => {
    const r = rateLimit.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['pass', `${NGINX}:1`, `${NGINX}:29`, `${INGRESS}:8`]);
  });

  it('passes gzip with application/json in gzip_types', () => {
    const r = proxyGzip.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['pass', `${NGINX}:22`, `${NGINX}:23`]);
  });

  it('passes certificate renewal through cert-manager (ClusterIssuer and the Ingress annotation)', () => {
    const r = certificateRenewal.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['pass', 'k8s/base/cluster-issuer.yaml:2', `${INGRESS}:6`]);
  });
});

describe('proxy checks on a plain-HTTP nginx and an Ingress without tls', () => {
  const repo = fixtureRepo('config-k8s-plain');
  const CONF = 'nginx/default.conf';

  it('fails TLS for both', () => {
    const r = proxyTls.run(repo);
    expect([r.verdict, ...at(r)]).toEqual(['fail', `${CONF}:1`, 'deploy/app.yaml:67']);
  });

  it('fails headers: the location’s own proxy_set_header replaces the server’s X-Real-IP and X-Forwarded-For', () => {
    const r = proxyHeaders.run(repo);
    expect(r.verdict).toBe('fail');
    expect(r.why).toContain('X-Real-IP and X-Forwarded-For');
    expect(r.why).toContain('replace the ones set around it');
    expect(at(r)).toEqual([`${CONF}:12`, `${CONF}:11`, 'deploy/app.yaml:67']);
  });

  it('fails rate limiting, warns gzip without application/json, and cannot tell about renewal', () => {
    const limit = rateLimit.run(repo);
    expect([limit.verdict, ...at(limit)]).toEqual(['fail', `${CONF}:1`, 'deploy/app.yaml:67']);
    const gzip = proxyGzip.run(repo);
    expect([gzip.verdict, ...at(gzip)]).toEqual(['warn', `${CONF}:8`]);
    expect(gzip.why).toContain('application/json');
    expect(certificateRenewal.run(repo).verdict).toBe('unknown');
  });
});

describe('proxy checks on Traefik labels in compose (full-stack-fastapi-template shape)', () => {
  const repo = fixtureRepo('config-fullstack');

  it('a frontend image’s static nginx config is not the app’s proxy', () => {
    const withSpa = fixtureRepo('config-fullstack');
    const spa =
      'server {\n  listen 80;\n  location / {\n    root /usr/share/nginx/html;\n    try_files $uri /index.html =404;\n  }\n}\n';
    const files = Object.fromEntries(withSpa.files.map((f) => [f.path, withSpa.read(f.path) ?? '']));
    const r = proxyTls.run(createMemoryRepo({ ...files, 'frontend/nginx.conf': spa }));
    expect([r.verdict, ...at(r)]).toEqual(['pass', 'docker-compose.yml:30', 'docker-compose.yml:31']);
  });

  it('passes TLS and headers from the router labels', () => {
    const tls = proxyTls.run(repo);
    expect([tls.verdict, ...at(tls)]).toEqual(['pass', 'docker-compose.yml:30', 'docker-compose.yml:31']);
    const headers = proxyHeaders.run(repo);
    expect([headers.verdict, ...at(headers)]).toEqual(['pass', 'docker-compose.yml:26']);
  });

  it('fails rate limiting and gzip: no ratelimit or compress middleware', () => {
    const limit = rateLimit.run(repo);
    expect(limit.verdict).toBe('fail');
    const gzip = proxyGzip.run(repo);
    expect(gzip.verdict).toBe('fail');
    expect(at(gzip)).toEqual(['docker-compose.traefik.yml:9']);
  });

  it('passes renewal through the le certresolver', () => {
    const r = certificateRenewal.run(repo);
    expect([r.verdict, ...at(r)]).toEqual([
      'pass',
      'docker-compose.traefik.yml:20',
      'docker-compose.traefik.yml:21',
      'docker-compose.traefik.yml:22',
    ]);
  });
});

describe('proxy checks on a Caddyfile', () => {
  const repo = fixtureRepo('config-caddy');

  it('passes TLS (automatic HTTPS), headers, gzip (encode) and renewal; fails rate limiting', () => {
    const verdicts = [proxyTls, proxyHeaders, proxyGzip, certificateRenewal, rateLimit].map((c) => {
      const r = c.run(repo);
      return `${c.id} ${r.verdict} ${at(r).join(' ')}`;
    });
    expect(verdicts).toEqual([
      'proxy-tls pass Caddyfile:5',
      'proxy-headers pass Caddyfile:9',
      'proxy-gzip pass Caddyfile:6',
      'certificate-renewal pass Caddyfile:5',
      'rate-limit fail Caddyfile:5',
    ]);
  });
});

describe('proxy checks on small cases', () => {
  it('say unknown without any proxy configuration', () => {
    const repo = createMemoryRepo({ Dockerfile: 'FROM python:3.12-slim\n' });
    for (const check of [proxyTls, proxyHeaders, rateLimit, proxyGzip, certificateRenewal])
      expect(check.run(repo).verdict).toBe('unknown');
  });

  it('reads `include proxy_params`: Debian’s stock file when the repo has none, the repo’s own copy when it has one', () => {
    const site =
      'server {\n  listen 80;\n  location / {\n    include proxy_params;\n    proxy_pass http://unix:/run/app.sock;\n  }\n}\n';
    const stock = proxyHeaders.run(createMemoryRepo({ 'nginx/sites-available/app.conf': site }));
    expect([stock.verdict, ...at(stock)]).toEqual(['pass', 'nginx/sites-available/app.conf:4']);
    const own = proxyHeaders.run(
      createMemoryRepo({
        'nginx/sites-available/app.conf': site,
        'nginx/proxy_params':
          'proxy_set_header Host $http_host;\nproxy_set_header X-Forwarded-Proto $scheme;\n',
      }),
    );
    expect([own.verdict, ...at(own)]).toEqual([
      'fail',
      'nginx/sites-available/app.conf:5',
      'nginx/proxy_params:1',
      'nginx/proxy_params:2',
    ]);
  });

  it('an Ingress with an AWS certificate ARN terminates TLS at the load balancer, and the provider renews it', () => {
    const ingress =
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: api\n  annotations:\n    alb.ingress.kubernetes.io/scheme: internet-facing\n    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:123456789012:certificate/abc\nspec:\n  ingressClassName: alb\n';
    const repo = createMemoryRepo({ 'k8s/ingress.yaml': ingress });
    const tls = proxyTls.run(repo);
    expect([tls.verdict, ...at(tls)]).toEqual(['pass', 'k8s/ingress.yaml:7']);
    const renewal = certificateRenewal.run(repo);
    expect([renewal.verdict, ...at(renewal)]).toEqual(['pass', 'k8s/ingress.yaml:7']);
  });

  it('warns on a static nginx certificate nothing renews; passes when a crontab runs certbot renew', () => {
    const conf =
      'server {\n  listen 443 ssl;\n  ssl_certificate /etc/ssl/api.crt;\n  location / { proxy_pass http://app:8000; }\n}\n';
    const r = certificateRenewal.run(createMemoryRepo({ 'nginx/site.conf': conf }));
    expect([r.verdict, ...at(r)]).toEqual(['warn', 'nginx/site.conf:3']);
    const cron = certificateRenewal.run(
      createMemoryRepo({
        'nginx/site.conf': conf,
        'ops/crontab': '# renew twice a day\n0 */12 * * * certbot renew --deploy-hook "nginx -s reload"\n',
      }),
    );
    expect([cron.verdict, ...at(cron)]).toEqual(['pass', 'ops/crontab:2']);
  });

  it('gzip off in nginx is a warning, not a failure, when the app adds GZipMiddleware', () => {
    const files = {
      'nginx/site.conf': 'server {\n  listen 80;\n  location / { proxy_pass http://app:8000; }\n}\n',
      'app/main.py':
        'from fastapi import FastAPI\nfrom starlette.middleware.gzip import GZipMiddleware\n\napp = FastAPI()\napp.add_middleware(GZipMiddleware)\n',
    };
    const r = proxyGzip.run(createMemoryRepo(files));
    expect([r.verdict, ...at(r)]).toEqual(['warn', 'nginx/site.conf:1', 'app/main.py:2']);
    const without = proxyGzip.run(createMemoryRepo({ 'nginx/site.conf': files['nginx/site.conf'] }));
    expect(without.verdict).toBe('fail');
  });

  it('passes Traefik compress and ratelimit middlewares only when a router uses them', () => {
    const compose = (middlewares: string) =>
      `services:\n  api:\n    build: .\n    labels:\n      traefik.http.routers.api.rule: Host(\`api.example.com\`)\n      traefik.http.middlewares.gz.compress: "true"\n      traefik.http.middlewares.rl.ratelimit.average: "50"\n${middlewares}`;
    const used = createMemoryRepo({
      'compose.yaml': compose('      traefik.http.routers.api.middlewares: gz,rl\n'),
    });
    expect([proxyGzip.run(used).verdict, rateLimit.run(used).verdict]).toEqual(['pass', 'pass']);
    expect(at(rateLimit.run(used))).toEqual(['compose.yaml:7', 'compose.yaml:8']);
    const unused = createMemoryRepo({ 'compose.yaml': compose('') });
    expect([proxyGzip.run(unused).verdict, rateLimit.run(unused).verdict]).toEqual(['warn', 'warn']);
  });
});
