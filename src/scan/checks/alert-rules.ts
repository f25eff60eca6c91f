import { type Document, isMap, isSeq } from 'yaml';
import { yamlReader } from '../readers/yaml.js';
import { result, type ScanCheck, type ScanEvidence } from '../types.js';

type Plain = Record<string, unknown>;
const obj = (v: unknown): Plain | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Plain) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Line of a node inside a parsed document, by its path of keys and indexes. */
function lineOf(doc: Document.Parsed, path: (string | number)[], line: (pos: number) => number): number {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? line(node.range[0]) : 1;
}

export const alertRulesCheck: ScanCheck = {
  id: 'alert-rules',
  title:
    'Alerting rules (Prometheus rule files, PrometheusRule) or Alertmanager routing kept in the repository',
  run(repo) {
    const rules: ScanEvidence[] = [];
    const routing: ScanEvidence[] = [];
    const names: string[] = [];
    for (const f of repo.files) {
      if (!/\.ya?ml$/.test(f.path)) continue;
      const text = repo.read(f.path);
      if (!text || !(text.includes('alert') || text.includes('receivers'))) continue;
      const file = repo.parse(f.path, yamlReader);
      if (!file) continue;
      for (const { doc, value } of file.docs) {
        const root = obj(value);
        if (!root || !(isMap(doc.contents) || isSeq(doc.contents))) continue;
        // A rule file has groups at the top; a PrometheusRule resource has them under spec.
        const base = root.kind === 'PrometheusRule' ? ['spec'] : [];
        const groups = arr(base.length ? obj(root.spec)?.groups : root.groups);
        groups.forEach((g, gi) => {
          arr(obj(g)?.rules).forEach((r, ri) => {
            const alert = obj(r)?.alert;
            if (typeof alert !== 'string') return;
            names.push(alert);
            rules.push(
              repo.evidence(f.path, lineOf(doc, [...base, 'groups', gi, 'rules', ri, 'alert'], file.line)),
            );
          });
        });
        if (obj(root.route) && Array.isArray(root.receivers))
          routing.push(repo.evidence(f.path, lineOf(doc, ['route'], file.line)));
      }
    }
    if (rules.length > 0)
      return result(
        'pass',
        `${rules.length} alert ${rules.length === 1 ? 'rule' : 'rules'} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`,
        `Alerting rules are kept in the repository${routing.length ? ' with Alertmanager routing' : ''}; whether they reach someone on call is for people to confirm.`,
        '',
        [...rules.slice(0, 10), ...routing.slice(0, 2)],
      );
    if (routing.length > 0)
      return result(
        'warn',
        'Alertmanager routing but no alert rules',
        'An Alertmanager configuration routes alerts, but no Prometheus rule in the repository raises one; the rules may live with the monitoring stack.',
        'Keep the alert rules for this service (error rate, latency, saturation) beside it, e.g. a PrometheusRule in the manifests.',
        routing,
      );
    return result(
      'unknown',
      'no alerting rules in the repository',
      'No Prometheus rule file, PrometheusRule resource or Alertmanager configuration here; alerting may be configured in a monitoring repository or a SaaS the scan cannot see.',
      '',
    );
  },
};
