import type { ProbeSettings } from '../config.js';
import type { HttpClient } from './http.js';
import type { TargetGuard } from './target-guard.js';

export const PROBE_IDS = [
  'health',
  'ready',
  'https-redirect',
  'tls-certificate',
  'hsts',
  'cors',
  'compression',
  'error-disclosure',
  'request-id',
  'api-docs',
  'security-headers',
  'server-header',
  'latency',
  'static-cache',
] as const;
export type ProbeId = (typeof PROBE_IDS)[number];
export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface ProbeResult {
  id: ProbeId;
  status: ProbeStatus;
  summary: string;
  details: string;
  remediation: string;
  durationMs: number;
}

/** The CLI's --json shape, also what Slack renders and what is stored. */
export interface ProbeReport {
  target: string;
  startedAt: string;
  durationMs: number;
  summary: Record<ProbeStatus, number>;
  results: ProbeResult[];
}

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
