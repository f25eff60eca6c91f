/** Errors and requests seen in one sampling interval. `ratio` is errors / total (0 when total is 0). */
export interface ErrorRateSample {
  ratio: number;
  errors: number;
  total: number;
}
export type SourceResult = ErrorRateSample | { unavailable: string };

export const isUnavailable = (r: SourceResult): r is { unavailable: string } => 'unavailable' in r;

/**
 * Where a watch reads the service's error ratio. `memo()` returns what the source needs to carry over
 * to the next sample (e.g. the previous counters of a /metrics scrape); the watch stores it with its
 * state, so deltas survive a restart.
 */
export interface ErrorRateSource {
  readonly description: string;
  sample(now: number): Promise<SourceResult>;
  memo?(): Record<string, unknown> | undefined;
}
