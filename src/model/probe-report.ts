/**
 * A probe run's plain-data result: the CLI's --json shape, what Slack renders and what SQLite stores. It lives
 * below db/ and probes/ so storage needs no import from the probe engine.
 */
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
