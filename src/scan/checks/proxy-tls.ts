import { nginxDirectives, nginxEvidence } from '../config/nginx-files.js';
import { caddyDirectives, managedCertificate, traefikInUse } from '../config/proxies.js';
import { createProxyCheck } from '../config/proxy-check.js';
import type { Finding } from '../config/verdicts.js';
import { yamlLine } from '../config/yaml-line.js';

export const proxyTls = createProxyCheck({
  id: 'proxy-tls',
  title:
    'The reverse proxy terminates TLS (nginx listen 443 ssl + ssl_certificate, Traefik tls, Ingress tls, Caddy)',
  judge(repo, { nginx, caddy, traefik, ingresses }) {
    const findings: Finding[] = [];
    const servers = nginxDirectives(nginx, ['server']).filter((s) => s.directive.children);
    for (const { config, directive, parents } of servers) {
      const inScope = [...(directive.children ?? []), ...parents.flatMap((p) => p.children ?? [])];
      const listen = directive.children?.find((d) => d.name === 'listen' && /\b(ssl|quic)\b/.test(d.args));
      const cert = inScope.find((d) => d.name === 'ssl_certificate');
      if (listen && cert)
        findings.push({
          verdict: 'pass',
          say: `nginx (${config.path}) terminates TLS: \`listen ${listen.args}\` with \`ssl_certificate\`.`,
          evidence: [nginxEvidence(repo, config, listen), nginxEvidence(repo, config, cert)],
        });
      else if (
        !servers.some((s) => s.directive.children?.some((d) => d.name === 'listen' && /\bssl\b/.test(d.args)))
      )
        findings.push({
          verdict: 'fail',
          say: `nginx (${config.path}) has a server without TLS and none with \`listen 443 ssl\`.`,
          evidence: [nginxEvidence(repo, config, directive)],
        });
    }
    const sites = caddy.flatMap((f) =>
      f.sites.filter((s) => s.name && !/^(http:\/\/|:)/.test(s.name)).map((s) => ({ f, s })),
    );
    const internal = caddyDirectives(caddy).filter(
      ({ directive }) => directive.name === 'tls' && directive.args[0] === 'internal',
    );
    for (const { f, s } of sites)
      findings.push({
        verdict: 'pass',
        say: `Caddy serves ${s.name} with automatic HTTPS.`,
        evidence: [repo.evidence(f.path, s.line)],
      });
    for (const { file, directive } of internal)
      findings.push({
        verdict: 'warn',
        say: 'Caddy uses `tls internal`: a self-signed certificate browsers do not trust.',
        evidence: [repo.evidence(file.path, directive.line)],
      });
    if (traefikInUse(traefik)) {
      const tls = traefik.filter(
        (s) =>
          /^(http\.routers\.[^.]+\.tls(\.certresolver)?|entrypoints\.[^.]+\.http\.tls(\.certresolver)?)$/.test(
            s.key,
          ) && s.value !== 'false',
      );
      findings.push(
        tls.length > 0
          ? {
              verdict: 'pass',
              say: 'Traefik terminates TLS on its routers.',
              evidence: tls.slice(0, 3).map((s) => s.where),
            }
          : {
              verdict: 'fail',
              say: 'Traefik routes traffic, but no router or entrypoint enables TLS.',
              evidence: traefik.slice(0, 1).map((s) => s.where),
            },
      );
    }
    for (const o of ingresses) {
      const at = (p: (string | number)[]) => repo.evidence(o.path, yamlLine(o.file, o.doc, p));
      const hasTls = Array.isArray((o.value.spec as { tls?: unknown } | undefined)?.tls);
      const managed = managedCertificate(repo, o);
      if (!hasTls && managed) {
        findings.push({
          verdict: 'pass',
          say: `Ingress ${o.name}: the cloud load balancer terminates TLS with a managed certificate (${managed[0]}).`,
          evidence: [managed[1].where],
        });
        continue;
      }
      findings.push(
        hasTls
          ? {
              verdict: 'pass',
              say: `Ingress ${o.name} terminates TLS (spec.tls).`,
              evidence: [at(['spec', 'tls'])],
            }
          : {
              verdict: 'fail',
              say: `Ingress ${o.name} has no tls section: it serves plain HTTP.`,
              evidence: [at(['kind'])],
            },
      );
    }
    return findings;
  },
  summaries: {
    pass: 'The proxy terminates TLS',
    warn: 'TLS with an untrusted certificate',
    fail: 'The proxy serves plain HTTP',
  },
  fix: 'Terminate TLS at the proxy: nginx `listen 443 ssl;` with `ssl_certificate`/`ssl_certificate_key`, an Ingress `tls:` section, or a Traefik router with `tls.certresolver`. If a cloud load balancer terminates TLS in front, record that on the item.',
});
