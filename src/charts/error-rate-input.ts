/** What an error-rate chart is drawn from: plain data, no Slack, no database. */

export interface ChartSample {
  /** When the sample was taken (ms since the epoch). */
  at: number;
  errors: number;
  total: number;
  ratio: number;
}

export interface ErrorRateChartInput {
  service: string;
  version: string;
  env: string;
  /** The deploy instant: the chart's zero. */
  deployedAt: number;
  /** Error ratio above which a sample breaches (0–1). */
  threshold: number;
  /** Samples with fewer requests are no evidence: never marked as breaching. */
  minRequests: number;
  intervalMs: number;
  /** Every measured sample since the deploy, oldest first. */
  samples: readonly ChartSample[];
}

/** A sample breaches when it had enough requests and its ratio was above the threshold (the detector's rule). */
export const breaches = (s: ChartSample, input: Pick<ErrorRateChartInput, 'threshold' | 'minRequests'>) =>
  s.total >= Math.max(1, input.minRequests) && s.ratio > input.threshold;
