import { nginxDirectives, nginxEvidence } from '../config/nginx-files.js';
import { caddyDirectives, traefikInUse } from '../config/proxies.js';
import { createProxyCheck } from '../config/proxy-check.js';
import type { Finding } from '../config/verdicts.js';
import { yamlLine } from '../config/yaml-line.js';
import type { NginxDirective } from '../readers/nginx.js';

const REQUIRED: readonly [string, RegExp][] = [
  ['X-Real-IP', /^\$remote_addr$/],
  ['X-Forwarded-For', /^\$(proxy_add_x_forwarded_for|remote_addr)$/],
];

/**
 * nginx inherits `proxy_set_header` from the enclosing level only when the current level has none: one
 * `proxy_set_header Host $host` in a location drops every header the server block set.
 */
function effectiveHeaders(directive: NginxDirective, parents: readonly NginxDirective[]): NginxDirective[] {
  for (const level of [...parents, directive].reverse()) {
    const own = (level.children ?? []).filter((d) => d.name === 'proxy_set_header');
    if (own.length > 0) return own;
  }
  return [];
}

export const proxyHeaders = createProxyCheck({
  id: 'proxy-headers',
  title: 'The proxy forwards the client address (X-Real-IP, X-Forwarded-For) where it proxies to the app',
  judge(repo, { nginx, caddy, traefik, ingresses }) {
    const findings: Finding[] = [];
    for (const { config, directive, parents } of nginxDirectives(nginx, ['proxy_pass'])) {
      const block = parents.at(-1);
      if (!block) continue;
      const headers = effectiveHeaders(block, parents.slice(0, -1));
      const missing = REQUIRED.filter(
        ([name, value]) =>
          !headers.some((h) => {
            const [n, v] = h.args.split(/\s+/, 2);
            return n?.toLowerCase() === name.toLowerCase() && value.test(v ?? '');
          }),
      ).map(([name]) => name);
      const where = `${config.path} \`${block.name} ${block.args}\``;
      const own = (block.children ?? []).some((d) => d.name === 'proxy_set_header');
      const replaced =
        own && parents.slice(0, -1).some((p) => p.children?.some((d) => d.name === 'proxy_set_header'));
      findings.push(
        missing.length === 0
          ? {
              verdict: 'pass',
              say: `nginx forwards X-Real-IP and X-Forwarded-For in ${where}.`,
              evidence: headers.slice(0, 4).map((h) => nginxEvidence(repo, config, h)),
            }
          : {
              verdict: 'fail',
              say: `nginx does not forward ${missing.join(' and ')} in ${where}${replaced ? ': its own proxy_set_header lines replace the ones set around it' : ''}.`,
              evidence: [
                nginxEvidence(repo, config, directive),
                ...headers.slice(0, 2).map((h) => nginxEvidence(repo, config, h)),
              ],
            },
      );
    }
    const proxied = caddyDirectives(caddy).filter(({ directive }) => directive.name === 'reverse_proxy');
    for (const { file, directive } of proxied.slice(0, 3))
      findings.push({
        verdict: 'pass',
        say: 'Caddy’s reverse_proxy sets X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host by default.',
        evidence: [repo.evidence(file.path, directive.line)],
      });
    const router = traefik.find((s) => /^http\.routers\.[^.]+\.rule$/.test(s.key));
    if (traefikInUse(traefik) && router)
      findings.push({
        verdict: 'pass',
        say: 'Traefik sets X-Forwarded-For and X-Real-Ip on every request it routes by default.',
        evidence: [router.where],
      });
    for (const o of ingresses)
      findings.push({
        verdict: 'pass',
        say: `Ingress ${o.name}: the ingress controller (ingress-nginx by default) sets X-Real-IP and X-Forwarded-For.`,
        evidence: [repo.evidence(o.path, yamlLine(o.file, o.doc, ['kind']))],
      });
    return findings;
  },
  summaries: {
    pass: 'Client address forwarded',
    warn: 'Client address partly forwarded',
    fail: 'The app sees the proxy’s address, not the client’s',
  },
  fix: 'In every location that proxies: `proxy_set_header X-Real-IP $remote_addr;` and `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;` (repeat them when the location sets any proxy_set_header of its own), and run uvicorn with `--proxy-headers --forwarded-allow-ips=<proxy>`.',
});
