import type { ProbeSettings } from '../config.js';
import type { ProbeResult, ProbeStatus } from '../model/probe-report.js';
import type { HttpClient } from './http.js';
import type { TargetGuard } from './target-guard.js';

export type { ProbeId, ProbeReport, ProbeResult, ProbeStatus } from '../model/probe-report.js';
export { PROBE_IDS } from '../model/probe-report.js';

export interface ProbeContext {
  url: URL;
  settings: ProbeSettings;
  http: HttpClient;
  /** Extra CA certificates (PEM) for private PKI. */
  ca: string | undefined;
  /** The run's SSRF guard; a probe that opens its own socket must go through createGuardedConnector. */
  guard: TargetGuard;
  signal: AbortSignal;
}

export type Verdict = Omit<ProbeResult, 'id' | 'durationMs'>;
export type Probe = (ctx: ProbeContext) => Promise<Verdict>;

export const verdict = (status: ProbeStatus, summary: string, details = '', remediation = ''): Verdict => ({
  status,
  summary,
  details,
  remediation,
});
