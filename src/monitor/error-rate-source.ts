/**
 * Errors and requests seen in one sampling interval, and only in it: the stretch since the previous
 * sample. `ratio` is errors / total (0 when total is 0).
 */
export interface ErrorRateSample {
  ratio: number;
  errors: number;
  total: number;
  /** 401 answers in the same stretch, when the source can tell them apart. */
  unauthorized?: number | undefined;
  /** When the stretch began (the previous read); absent when the source cannot say. */
  since?: number | undefined;
}
export type SourceResult = ErrorRateSample | { unavailable: string };

export const isUnavailable = (r: SourceResult): r is { unavailable: string } => 'unavailable' in r;

/**
 * Where a watch reads the service's error ratio. `memo()` returns what the source needs to carry over
 * to the next sample (e.g. the previous counters); the watch stores it with its state, so deltas survive
 * a restart.
 */
export interface ErrorRateSource {
  readonly description: string;
  sample(now: number): Promise<SourceResult>;
  memo?(): Record<string, unknown> | undefined;
}
