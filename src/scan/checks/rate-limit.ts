import { nginxDirectives, nginxEvidence } from '../config/nginx-files.js';
import { caddyDirectives, ingressAnnotations, traefikInUse } from '../config/proxies.js';
import { createProxyCheck } from '../config/proxy-check.js';
import { traefikMiddlewares } from '../config/traefik.js';
import type { Finding } from '../config/verdicts.js';
import { yamlLine } from '../config/yaml-line.js';

const INGRESS_LIMITS = /^nginx\.ingress\.kubernetes\.io\/(limit-rps|limit-rpm|limit-connections)$/;

export const rateLimit = createProxyCheck({
  id: 'rate-limit',
  title:
    'The proxy rate-limits requests (nginx limit_req_zone + limit_req, Traefik ratelimit, Ingress limit-rps, Caddy rate_limit)',
  judge(repo, { nginx, caddy, traefik, ingresses }) {
    const findings: Finding[] = [];
    if (nginx.length > 0) {
      const zones = nginxDirectives(nginx, ['limit_req_zone']);
      const uses = nginxDirectives(nginx, ['limit_req']);
      const ev = [...zones, ...uses].slice(0, 4).map((d) => nginxEvidence(repo, d.config, d.directive));
      if (zones.length > 0 && uses.length > 0)
        findings.push({
          verdict: 'pass',
          say: 'nginx defines a limit_req_zone and applies it with limit_req.',
          evidence: ev,
        });
      else if (zones.length > 0)
        findings.push({
          verdict: 'warn',
          say: 'nginx defines a limit_req_zone that no limit_req applies.',
          evidence: ev,
        });
      else if (nginxDirectives(nginx, ['proxy_pass']).length > 0)
        findings.push({
          verdict: 'fail',
          say: `nginx proxies to the app without limit_req (${nginx.map((c) => c.path).join(', ')}).`,
          evidence: nginx.map((c) => repo.evidence(c.path, c.directives[0]?.line ?? 1)),
        });
    }
    if (caddy.length > 0) {
      const limits = caddyDirectives(caddy).filter(({ directive }) => directive.name === 'rate_limit');
      findings.push(
        limits.length > 0
          ? {
              verdict: 'pass',
              say: 'Caddy rate-limits with rate_limit.',
              evidence: limits.map(({ file, directive }) => repo.evidence(file.path, directive.line)),
            }
          : {
              verdict: 'fail',
              say: 'Caddy proxies without a rate_limit directive.',
              evidence: caddy.map((c) => repo.evidence(c.path, c.sites.find((s) => s.name)?.line ?? 1)),
            },
      );
    }
    if (traefikInUse(traefik)) {
      const { defined, uses } = traefikMiddlewares(traefik, 'ratelimit');
      findings.push(
        uses.length > 0
          ? {
              verdict: 'pass',
              say: 'Traefik applies a ratelimit middleware.',
              evidence: [...defined, ...uses].slice(0, 3).map((s) => s.where),
            }
          : defined.length > 0
            ? {
                verdict: 'warn',
                say: 'Traefik defines a ratelimit middleware that no router uses.',
                evidence: defined.slice(0, 2).map((s) => s.where),
              }
            : {
                verdict: 'fail',
                say: 'Traefik routes traffic without a ratelimit middleware.',
                evidence: traefik.slice(0, 1).map((s) => s.where),
              },
      );
    }
    for (const o of ingresses) {
      const limit = [...ingressAnnotations(repo, o)].find(([k]) => INGRESS_LIMITS.test(k));
      findings.push(
        limit
          ? {
              verdict: 'pass',
              say: `Ingress ${o.name} limits requests (${limit[0].split('/')[1]}: ${limit[1].value}).`,
              evidence: [limit[1].where],
            }
          : {
              verdict: 'fail',
              say: `Ingress ${o.name} has no rate-limit annotation.`,
              evidence: [repo.evidence(o.path, yamlLine(o.file, o.doc, ['kind']))],
            },
      );
    }
    return findings;
  },
  summaries: {
    pass: 'The proxy rate-limits requests',
    warn: 'A rate limit is defined but not applied',
    fail: 'No rate limiting at the proxy',
  },
  fix: 'nginx: `limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;` in http and `limit_req zone=api burst=20 nodelay;` in the proxied location; Traefik: a `ratelimit` middleware on the router; ingress-nginx: `nginx.ingress.kubernetes.io/limit-rps`.',
});
