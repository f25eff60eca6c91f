import { composeServices } from '../config/compose.js';
import { appDockerfiles } from '../config/dockerfiles.js';
import { baseName } from '../config/file-kinds.js';
import { k8sObjects } from '../config/k8s.js';
import { nginxDirectives, nginxEvidence } from '../config/nginx-files.js';
import { ingressAnnotations, managedCertificate, readProxies } from '../config/proxies.js';
import { shellWords } from '../config/shell-words.js';
import { type Finding, findingsResult } from '../config/verdicts.js';
import { yamlLine } from '../config/yaml-line.js';
import { type RepoView, result, type ScanEvidence, type SyncScanCheck } from '../types.js';

const RENEWERS = new Set(['certbot', 'acme.sh', 'lego', 'dehydrated']);
const isScheduleFile = (path: string) => /(^|\/)(crontab|cron\.d\/.*|.*\.cron|.*\.timer|.*\.sh)$/i.test(path);

/** certbot/acme.sh/lego invoked from a crontab, a systemd timer, a script, a Dockerfile or a compose service. */
function acmeClients(repo: RepoView): ScanEvidence[] {
  const out: ScanEvidence[] = [];
  for (const { path } of repo.files.filter((f) => isScheduleFile(f.path)))
    (repo.read(path) ?? '').split('\n').forEach((line, i) => {
      if (shellWords(line).some((w) => RENEWERS.has(baseName(w)))) out.push(repo.evidence(path, i + 1));
    });
  for (const { file } of appDockerfiles(repo))
    for (const run of file.stages.flatMap((s) => s.runs))
      if (shellWords(run.text).some((w) => RENEWERS.has(baseName(w))))
        out.push(repo.evidence(file.path, run.line));
  for (const s of composeServices(repo).filter((x) => !x.development)) {
    const command = Array.isArray(s.value.command)
      ? s.value.command.map(String)
      : shellWords(String(s.value.command ?? ''));
    if (/certbot|acme\.sh|lego/i.test(String(s.value.image ?? ''))) out.push(s.at(['image']));
    else if (command.some((w) => RENEWERS.has(baseName(w)))) out.push(s.at(['command']));
  }
  return out;
}

export const certificateRenewal: SyncScanCheck = {
  id: 'certificate-renewal',
  title: 'TLS certificates renew automatically (cert-manager, certbot, Traefik ACME, Caddy)',
  run(repo) {
    const { nginx, caddy, traefik, ingresses } = readProxies(repo);
    const findings: Finding[] = [];
    for (const o of k8sObjects(repo).objects)
      if (
        ['Certificate', 'ClusterIssuer', 'Issuer'].includes(o.kind) &&
        String(o.value.apiVersion).startsWith('cert-manager.io')
      )
        findings.push({
          verdict: 'pass',
          say: `cert-manager ${o.kind} ${o.name} issues and renews certificates.`,
          evidence: [repo.evidence(o.path, yamlLine(o.file, o.doc, ['kind']))],
        });
    for (const o of ingresses) {
      const issuer = [...ingressAnnotations(repo, o)].find(([k]) =>
        /^cert-manager\.io\/(cluster-)?issuer$/.test(k),
      );
      const tls = (o.value.spec as { tls?: unknown } | undefined)?.tls;
      const managed = managedCertificate(repo, o);
      if (managed)
        findings.push({
          verdict: 'pass',
          say: `Ingress ${o.name} uses a cloud-managed certificate (${managed[0]}), which the provider renews.`,
          evidence: [managed[1].where],
        });
      else if (issuer)
        findings.push({
          verdict: 'pass',
          say: `Ingress ${o.name} gets its certificate from cert-manager (${issuer[1].value}).`,
          evidence: [issuer[1].where],
        });
      else if (Array.isArray(tls))
        findings.push({
          verdict: 'warn',
          say: `Ingress ${o.name} uses a TLS Secret that nothing in the repository renews.`,
          evidence: [repo.evidence(o.path, yamlLine(o.file, o.doc, ['spec', 'tls']))],
        });
    }
    const acme = traefik.filter((s) =>
      /^certificatesresolvers\.[^.]+\.acme\.|\.tls\.certresolver$/.test(s.key),
    );
    if (acme.length > 0)
      findings.push({
        verdict: 'pass',
        say: 'Traefik obtains and renews certificates through an ACME certresolver.',
        evidence: acme.slice(0, 3).map((s) => s.where),
      });
    const automatic = caddy.flatMap((f) =>
      f.sites
        .filter((s) => s.name && !/^(http:\/\/|:)/.test(s.name))
        .map((s) => repo.evidence(f.path, s.line)),
    );
    if (automatic.length > 0)
      findings.push({
        verdict: 'pass',
        say: 'Caddy obtains and renews certificates for its sites automatically.',
        evidence: automatic,
      });
    const clients = acmeClients(repo);
    if (clients.length > 0)
      findings.push({
        verdict: 'pass',
        say: 'An ACME client (certbot, acme.sh, lego) renews certificates.',
        evidence: clients.slice(0, 3),
      });
    const renewed = findings.some((f) => f.verdict === 'pass');
    const certs = nginxDirectives(nginx, ['ssl_certificate']);
    if (certs.length > 0 && !renewed)
      findings.push({
        verdict: 'warn',
        say: `nginx reads a certificate from \`${certs[0]?.directive.args}\` and nothing in the repository renews it${/letsencrypt/.test(certs[0]?.directive.args ?? '') ? ' (a Let’s Encrypt path: certbot may run on the host, outside the repository)' : ''}.`,
        evidence: certs.slice(0, 2).map((c) => nginxEvidence(repo, c.config, c.directive)),
      });
    if (findings.length === 0)
      return result(
        'unknown',
        'No TLS configuration found',
        'Nothing in the repository configures TLS certificates; they may be managed by a load balancer or the platform (check there).',
        '',
      );
    return findingsResult(
      findings,
      (verdict) =>
        verdict === 'pass' ? 'Certificates renew automatically' : 'Certificate renewal is not automated here',
      'Automate renewal: cert-manager with an ACME ClusterIssuer, a Traefik certresolver, Caddy, or `certbot renew` on a timer with an nginx reload hook.',
    );
  },
};
