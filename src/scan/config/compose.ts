import { type YamlFile, yamlReader } from '../readers/yaml.js';
import type { RepoView, ScanEvidence } from '../types.js';
import { isComposeFile, isDevelopmentFile } from './file-kinds.js';
import { type YamlPath, yamlLine } from './yaml-line.js';

export interface ComposeService {
  path: string;
  file: YamlFile;
  name: string;
  value: Record<string, unknown>;
  /** `docker-compose.override.yml` and friends: merged on developers' machines, not in production. */
  development: boolean;
  at(path: YamlPath): ScanEvidence;
}

/** Every service of every compose file, each marked development or production by its file's name. */
export function composeServices(repo: RepoView): ComposeService[] {
  const out: ComposeService[] = [];
  for (const { path } of repo.files) {
    if (!isComposeFile(path)) continue;
    const file = repo.parse(path, yamlReader);
    const root = file?.docs[0]?.value as { services?: unknown } | undefined;
    const services = root?.services;
    if (!file || typeof services !== 'object' || services === null) continue;
    for (const [name, value] of Object.entries(services as Record<string, unknown>)) {
      if (typeof value !== 'object' || value === null) continue;
      out.push({
        path,
        file,
        name,
        value: value as Record<string, unknown>,
        development: isDevelopmentFile(path),
        at: (p) => repo.evidence(path, yamlLine(file, 0, ['services', name, ...p])),
      });
    }
  }
  return out;
}

/** compose `environment:` or `labels:` as a map, whether written as a map or as `KEY=value` items. */
export function composeMap(service: ComposeService, key: 'environment' | 'labels'): Map<string, string> {
  const raw = service.value[key];
  const out = new Map<string, string>();
  if (Array.isArray(raw))
    for (const item of raw) {
      const [k, ...v] = String(item).split('=');
      if (k) out.set(k.trim(), v.join('=').trim());
    }
  else if (raw && typeof raw === 'object')
    for (const [k, v] of Object.entries(raw)) out.set(k, v === null ? '' : String(v));
  return out;
}
