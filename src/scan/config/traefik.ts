import { yamlReader } from '../readers/yaml.js';
import type { RepoView, ScanEvidence } from '../types.js';
import { composeMap, composeServices } from './compose.js';
import { isComposeFile, isDevelopmentFile, isYaml } from './file-kinds.js';
import { k8sObjects } from './k8s.js';
import { type YamlPath, yamlLine } from './yaml-line.js';

/** One Traefik setting as a dotted, lower-cased key (`http.middlewares.gz.compress`), wherever it was written. */
export interface TraefikSetting {
  key: string;
  value: string;
  where: ScanEvidence;
}

/**
 * Traefik's configuration from everywhere it can be written, in one shape: compose labels
 * (`traefik.http.routers.api.tls=true`), command-line flags of a traefik service
 * (`--certificatesresolvers.le.acme.email=…`), static/dynamic YAML files, and the IngressRoute/Middleware CRDs.
 */
export function traefikSettings(repo: RepoView): TraefikSetting[] {
  const out: TraefikSetting[] = [];
  for (const s of composeServices(repo).filter((x) => !x.development)) {
    const listed = Array.isArray(s.value.labels);
    [...composeMap(s, 'labels')].forEach(([k, v], i) => {
      if (k.startsWith('traefik.'))
        out.push({ key: k.slice(8).toLowerCase(), value: v, where: s.at(['labels', listed ? i : k]) });
    });
    const command = s.value.command;
    if (/traefik/i.test(String(s.value.image ?? '')) && Array.isArray(command))
      command.forEach((flag, i) => {
        const [k, ...v] = String(flag).replace(/^--/, '').split('=');
        out.push({ key: (k ?? '').toLowerCase(), value: v.join('=') || 'true', where: s.at(['command', i]) });
      });
  }
  for (const { path } of repo.files) {
    if (!isYaml(path) || isComposeFile(path) || isDevelopmentFile(path)) continue;
    const file = repo.parse(path, yamlReader);
    const value = file?.docs[0]?.value as Record<string, unknown> | undefined;
    if (!file || !value || typeof value !== 'object' || 'kind' in value) continue;
    const keys = Object.keys(value).map((k) => k.toLowerCase());
    if (!keys.some((k) => ['entrypoints', 'certificatesresolvers', 'http'].includes(k))) continue;
    const walk = (v: unknown, p: YamlPath) => {
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0)
        for (const [k, child] of Object.entries(v)) walk(child, [...p, k]);
      else
        out.push({
          key: p.join('.').toLowerCase(),
          value: String(v ?? ''),
          where: repo.evidence(path, yamlLine(file, 0, p)),
        });
    };
    walk(value, []);
  }
  for (const o of k8sObjects(repo).objects) {
    const at = (p: YamlPath) => repo.evidence(o.path, yamlLine(o.file, o.doc, p));
    const spec = (o.value.spec ?? {}) as Record<string, unknown>;
    if (o.kind === 'Middleware')
      for (const k of Object.keys(spec))
        out.push({
          key: `http.middlewares.${o.name}.${k}`.toLowerCase(),
          value: 'true',
          where: at(['spec', k]),
        });
    if (o.kind === 'IngressRoute') {
      const tls = spec.tls as Record<string, unknown> | undefined;
      if (tls)
        out.push({
          key: `http.routers.${o.name}.tls`.toLowerCase(),
          value: 'true',
          where: at(['spec', 'tls']),
        });
      if (tls?.certResolver)
        out.push({
          key: `http.routers.${o.name}.tls.certresolver`.toLowerCase(),
          value: String(tls.certResolver),
          where: at(['spec', 'tls', 'certResolver']),
        });
      const routes = Array.isArray(spec.routes)
        ? (spec.routes as { middlewares?: { name?: string }[] }[])
        : [];
      routes.forEach((r, i) => {
        const names = (r.middlewares ?? []).map((m) => m.name).join(',');
        if (names)
          out.push({
            key: `http.routers.${o.name}.middlewares`.toLowerCase(),
            value: names,
            where: at(['spec', 'routes', i, 'middlewares']),
          });
      });
    }
  }
  return out;
}

/** Middlewares of a type (`compress`, `ratelimit`) that some router uses, and ones defined but unused. */
export function traefikMiddlewares(settings: readonly TraefikSetting[], type: string) {
  const defined = settings.filter((s) =>
    new RegExp(`^http\\.middlewares\\.([^.]+)\\.${type}(\\.|$)`).test(s.key),
  );
  const names = new Set(defined.map((s) => s.key.split('.')[2] ?? ''));
  const uses = settings.filter(
    (s) =>
      /^(http\.routers\.[^.]+|entrypoints\.[^.]+\.http)\.middlewares$/.test(s.key) &&
      s.value.split(',').some((m) => names.has(m.trim().split('@')[0] ?? '')),
  );
  return { defined, uses };
}
