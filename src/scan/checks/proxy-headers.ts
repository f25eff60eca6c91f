import { baseName } from '../config/file-kinds.js';
import { nginxDirectives, nginxEvidence } from '../config/nginx-files.js';
import { caddyDirectives, traefikInUse } from '../config/proxies.js';
import { createProxyCheck } from '../config/proxy-check.js';
import type { Finding } from '../config/verdicts.js';
import { yamlLine } from '../config/yaml-line.js';
import { type NginxConfig, type NginxDirective, nginxReader } from '../readers/nginx.js';
import type { RepoView, ScanEvidence } from '../types.js';

const REQUIRED: readonly [string, RegExp][] = [
  ['X-Real-IP', /^\$remote_addr$/],
  ['X-Forwarded-For', /^\$(proxy_add_x_forwarded_for|remote_addr)$/],
];

/** Debian/Ubuntu's stock /etc/nginx/proxy_params, used by `include proxy_params;` when the repo has no copy. */
const DEBIAN_PROXY_PARAMS = [
  'Host $http_host',
  'X-Real-IP $remote_addr',
  'X-Forwarded-For $proxy_add_x_forwarded_for',
  'X-Forwarded-Proto $scheme',
];

interface Header {
  args: string;
  where: ScanEvidence;
}

/** The proxy_set_header lines one level sets, its `include`d files read (from the repo, or Debian's proxy_params). */
function levelHeaders(repo: RepoView, config: NginxConfig, level: NginxDirective): Header[] {
  return (level.children ?? []).flatMap((d): Header[] => {
    if (d.name === 'proxy_set_header') return [{ args: d.args, where: nginxEvidence(repo, config, d) }];
    if (d.name !== 'include') return [];
    const name = baseName(d.args.trim());
    const file = repo.files.find((f) => baseName(f.path) === name);
    const included = file ? repo.parse(file.path, nginxReader) : undefined;
    if (included)
      return included.directives
        .filter((x) => x.name === 'proxy_set_header')
        .map((x) => ({ args: x.args, where: nginxEvidence(repo, included, x) }));
    return name === 'proxy_params'
      ? DEBIAN_PROXY_PARAMS.map((args) => ({ args, where: nginxEvidence(repo, config, d) }))
      : [];
  });
}

/**
 * nginx inherits `proxy_set_header` from the enclosing level only when the current level has none: one
 * `proxy_set_header Host $host` in a location drops every header the server block set.
 */
function effectiveHeaders(
  repo: RepoView,
  config: NginxConfig,
  levels: readonly NginxDirective[],
): { headers: Header[]; replaced: boolean } {
  const sets = [...levels].reverse().map((level) => levelHeaders(repo, config, level));
  const at = sets.findIndex((h) => h.length > 0);
  return { headers: sets[at] ?? [], replaced: at === 0 && sets.slice(1).some((h) => h.length > 0) };
}

export const proxyHeaders = createProxyCheck({
  id: 'proxy-headers',
  title: 'The proxy forwards the client address (X-Real-IP, X-Forwarded-For) where it proxies to the app',
  judge(repo, { nginx, caddy, traefik, ingresses }) {
    const findings: Finding[] = [];
    for (const { config, directive, parents } of nginxDirectives(nginx, ['proxy_pass'])) {
      const block = parents.at(-1);
      if (!block) continue;
      const { headers, replaced } = effectiveHeaders(repo, config, parents);
      const missing = REQUIRED.filter(
        ([name, value]) =>
          !headers.some((h) => {
            const [n, v] = h.args.split(/\s+/, 2);
            return n?.toLowerCase() === name.toLowerCase() && value.test(v ?? '');
          }),
      ).map(([name]) => name);
      const where = `${config.path} \`${block.name} ${block.args}\``;
      const shown = headers
        .map((h) => h.where)
        .filter((e, i, all) => all.findIndex((x) => x.path === e.path && x.line === e.line) === i);
      findings.push(
        missing.length === 0
          ? {
              verdict: 'pass',
              say: `nginx forwards X-Real-IP and X-Forwarded-For in ${where}.`,
              evidence: shown.slice(0, 4),
            }
          : {
              verdict: 'fail',
              say: `nginx does not forward ${missing.join(' and ')} in ${where}${replaced ? ': its own proxy_set_header lines replace the ones set around it' : ''}.`,
              evidence: [nginxEvidence(repo, config, directive), ...shown.slice(0, 2)],
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
