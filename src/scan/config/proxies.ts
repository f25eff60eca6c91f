import { type CaddyDirective, type Caddyfile, caddyfileReader } from '../readers/caddyfile.js';
import { type NginxConfig, walkNginx } from '../readers/nginx.js';
import type { RepoView, ScanEvidence } from '../types.js';
import { baseName, isDevelopmentFile } from './file-kinds.js';
import { type K8sObject, k8sObjects } from './k8s.js';
import { nginxConfigs } from './nginx-files.js';
import { type TraefikSetting, traefikSettings } from './traefik.js';
import { yamlLine } from './yaml-line.js';

/** Every reverse proxy the repository configures: nginx, Caddy, Traefik, Kubernetes Ingress. */
export interface Proxies {
  nginx: NginxConfig[];
  caddy: Caddyfile[];
  traefik: TraefikSetting[];
  ingresses: K8sObject[];
  none: boolean;
}

export function readProxies(repo: RepoView): Proxies {
  // An nginx that only serves files (a frontend image's SPA config) is not the app's reverse proxy; a main
  // nginx.conf with an http block is kept, since its gzip and limit_req_zone apply to the included sites.
  const nginx = nginxConfigs(repo).filter((c) =>
    [...walkNginx(c.directives)].some(({ directive }) =>
      ['proxy_pass', 'http', 'uwsgi_pass'].includes(directive.name),
    ),
  );
  const caddy = repo.files
    .filter((f) => /^caddyfile([.-].+)?$|\.caddyfile$/i.test(baseName(f.path)) && !isDevelopmentFile(f.path))
    .map((f) => repo.parse(f.path, caddyfileReader))
    .filter((c): c is Caddyfile => c !== undefined);
  const traefik = traefikSettings(repo);
  const ingresses = k8sObjects(repo).objects.filter((o) => o.kind === 'Ingress');
  return {
    nginx,
    caddy,
    traefik,
    ingresses,
    none: nginx.length + caddy.length + traefik.length + ingresses.length === 0,
  };
}

export const noProxy = {
  summary: 'No reverse proxy configuration found',
  why: 'No nginx, Caddy or Traefik configuration and no Kubernetes Ingress was found in the repository. If the proxy is configured elsewhere (a cloud load balancer, another repository), check it there.',
};

/** Every directive of every Caddyfile, depth first, with its file. */
export function caddyDirectives(files: readonly Caddyfile[]) {
  const out: { file: Caddyfile; directive: CaddyDirective; site: CaddyDirective }[] = [];
  for (const file of files)
    for (const site of file.sites) {
      const walk = (ds: readonly CaddyDirective[]) => {
        for (const d of ds) {
          out.push({ file, directive: d, site });
          if (d.children) walk(d.children);
        }
      };
      walk(site.children ?? []);
    }
  return out;
}

/** An Ingress's annotations with the line each is written on. */
export function ingressAnnotations(
  repo: RepoView,
  o: K8sObject,
): Map<string, { value: string; where: ScanEvidence }> {
  const raw = ((o.value.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<
    string,
    unknown
  >;
  return new Map(
    Object.entries(raw).map(([k, v]) => [
      k,
      {
        value: String(v),
        where: repo.evidence(o.path, yamlLine(o.file, o.doc, ['metadata', 'annotations', k])),
      },
    ]),
  );
}

/** Traefik routes traffic here (not only a stray label). */
export const traefikInUse = (settings: readonly TraefikSetting[]) =>
  settings.some((s) => /^(http\.routers|entrypoints|providers)\./.test(s.key));

/** Cloud load-balancer annotations that attach a provider-managed (auto-renewed) certificate to an Ingress. */
export const MANAGED_CERT =
  /^(alb\.ingress\.kubernetes\.io\/certificate-arn|service\.beta\.kubernetes\.io\/aws-load-balancer-ssl-cert|networking\.gke\.io\/managed-certificates)$/;

export const managedCertificate = (repo: RepoView, o: K8sObject) =>
  [...ingressAnnotations(repo, o)].find(([k]) => MANAGED_CERT.test(k));
