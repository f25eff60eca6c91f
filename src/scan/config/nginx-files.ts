import { type NginxConfig, type NginxDirective, nginxReader, walkNginx } from '../readers/nginx.js';
import type { RepoView, ScanEvidence } from '../types.js';
import { baseName, isDevelopmentFile } from './file-kinds.js';

/** Where nginx configuration lives in a repository: `nginx.conf`, `nginx/…`, `conf.d/`, `sites-*`, Docker templates. */
const isNginxPath = (path: string) =>
  /\.conf(\.template)?$/i.test(path) &&
  (/nginx/i.test(baseName(path)) ||
    /(^|\/)(nginx[\w-]*|conf\.d|sites-(available|enabled)|templates)\//i.test(path));

/** Production nginx configuration files that parse, each with a helper for evidence. */
export function nginxConfigs(repo: RepoView): NginxConfig[] {
  return repo.files
    .filter((f) => isNginxPath(f.path) && !isDevelopmentFile(f.path))
    .map((f) => repo.parse(f.path, nginxReader))
    .filter((c): c is NginxConfig => c !== undefined);
}

/** Every directive named `name` in the configurations, with its file and ancestors. */
export function nginxDirectives(configs: readonly NginxConfig[], names: readonly string[]) {
  return configs.flatMap((config) =>
    [...walkNginx(config.directives)]
      .filter(({ directive }) => names.includes(directive.name))
      .map(({ directive, parents }) => ({ config, directive, parents })),
  );
}

export const nginxEvidence = (repo: RepoView, config: NginxConfig, d: NginxDirective): ScanEvidence =>
  repo.evidence(config.path, d.line);
