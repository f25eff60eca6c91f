import { type RepoView, result, type ScanVerdict, type SyncScanCheck } from '../types.js';
import { noProxy, type Proxies, readProxies } from './proxies.js';
import { type Finding, summarize } from './verdicts.js';

export interface ProxyCheckSpec {
  id: string;
  title: string;
  /** One function per proxy kind; each returns nothing when that proxy is not configured. */
  judge: (repo: RepoView, proxies: Proxies) => Finding[];
  summaries: Record<Exclude<ScanVerdict, 'unknown'>, string>;
  fix: string;
}

/** A reverse-proxy check: unknown without any proxy configuration, else the findings combined (fail > warn > pass). */
export function createProxyCheck(spec: ProxyCheckSpec): SyncScanCheck {
  return {
    id: spec.id,
    title: spec.title,
    run(repo) {
      const proxies = readProxies(repo);
      if (proxies.none) return result('unknown', noProxy.summary, noProxy.why, '');
      const findings = spec.judge(repo, proxies);
      const { verdict, why, evidence } = summarize(findings);
      if (verdict === 'unknown')
        return result('unknown', 'The proxy configuration does not say', why || noProxy.why, '', evidence);
      return result(verdict, spec.summaries[verdict], why, verdict === 'pass' ? '' : spec.fix, evidence);
    },
  };
}
