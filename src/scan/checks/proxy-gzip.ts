import { appGzip } from '../config/app-gzip.js';
import { k8sObjects } from '../config/k8s.js';
import { nginxDirectives, nginxEvidence } from '../config/nginx-files.js';
import { caddyDirectives, traefikInUse } from '../config/proxies.js';
import { createProxyCheck } from '../config/proxy-check.js';
import { traefikMiddlewares } from '../config/traefik.js';
import type { Finding } from '../config/verdicts.js';
import { yamlLine } from '../config/yaml-line.js';

export const proxyGzip = createProxyCheck({
  id: 'proxy-gzip',
  title:
    'The proxy compresses responses, JSON included (nginx gzip + gzip_types, Traefik compress, Caddy encode)',
  judge(repo, { nginx, caddy, traefik, ingresses }) {
    const findings: Finding[] = [];
    // Without the proxy compressing, the app's own GZipMiddleware still does: a missing proxy gzip is then a warning.
    const app = appGzip(repo);
    const missing = (say: string, evidence: Finding['evidence']): Finding =>
      app
        ? {
            verdict: 'warn',
            say: `${say} The app compresses itself with GZipMiddleware.`,
            evidence: [...evidence, app],
          }
        : { verdict: 'fail', say, evidence };
    if (nginx.length > 0) {
      const on = nginxDirectives(nginx, ['gzip']).filter((d) => d.directive.args.trim() === 'on');
      const types = nginxDirectives(nginx, ['gzip_types']);
      const json = types.find((t) => /(^|\s)(application\/json|\*)(\s|$)/.test(t.directive.args));
      const ev = [...on, ...types].slice(0, 3).map((d) => nginxEvidence(repo, d.config, d.directive));
      if (on.length === 0)
        findings.push(
          missing(
            'nginx leaves gzip off (its default).',
            nginx.map((c) => repo.evidence(c.path, c.directives[0]?.line ?? 1)),
          ),
        );
      else if (json)
        findings.push({
          verdict: 'pass',
          say: 'nginx compresses with `gzip on`, application/json included in gzip_types.',
          evidence: ev,
        });
      else
        findings.push({
          verdict: 'warn',
          say: 'nginx has `gzip on` but gzip_types does not list application/json: by default only text/html is compressed, so API responses go out plain.',
          evidence: ev,
        });
    }
    if (caddy.length > 0) {
      const encode = caddyDirectives(caddy).filter(({ directive }) => directive.name === 'encode');
      const ev = encode.map(({ file, directive }) => repo.evidence(file.path, directive.line));
      findings.push(
        encode.length > 0
          ? {
              verdict: 'pass',
              say: `Caddy compresses (\`encode ${encode[0]?.directive.args.join(' ') || 'zstd gzip'}\`).`,
              evidence: ev,
            }
          : missing(
              'Caddy has no encode directive.',
              caddy.map((c) => repo.evidence(c.path, c.sites.find((s) => s.name)?.line ?? 1)),
            ),
      );
    }
    if (traefikInUse(traefik)) {
      const { defined, uses } = traefikMiddlewares(traefik, 'compress');
      if (uses.length > 0)
        findings.push({
          verdict: 'pass',
          say: 'Traefik applies a compress middleware.',
          evidence: [...defined, ...uses].slice(0, 3).map((s) => s.where),
        });
      else if (defined.length > 0)
        findings.push({
          verdict: 'warn',
          say: 'Traefik defines a compress middleware that no router uses.',
          evidence: defined.slice(0, 2).map((s) => s.where),
        });
      else
        findings.push(
          missing(
            'Traefik routes traffic without a compress middleware.',
            traefik.slice(0, 1).map((s) => s.where),
          ),
        );
    }
    if (ingresses.length > 0 && findings.length === 0) {
      const gzip = k8sObjects(repo).objects.find(
        (o) =>
          o.kind === 'ConfigMap' &&
          (o.value.data as Record<string, unknown> | undefined)?.['use-gzip'] === 'true',
      );
      findings.push(
        gzip
          ? {
              verdict: 'pass',
              say: `The ingress-nginx ConfigMap ${gzip.name} sets use-gzip: "true".`,
              evidence: [repo.evidence(gzip.path, yamlLine(gzip.file, gzip.doc, ['data', 'use-gzip']))],
            }
          : {
              verdict: 'unknown',
              say: 'ingress-nginx compresses only when its controller ConfigMap sets `use-gzip: "true"`, which is not in this repository.',
              evidence: [],
            },
      );
    }
    return findings;
  },
  summaries: {
    pass: 'The proxy compresses responses',
    warn: 'Compression is partial or left to the app',
    fail: 'Responses go out uncompressed',
  },
  fix: 'nginx: `gzip on; gzip_types application/json text/plain text/css; gzip_min_length 1024;`; Traefik: a `compress` middleware on the router; Caddy: `encode zstd gzip`; or `app.add_middleware(GZipMiddleware, minimum_size=1000)`.',
});
