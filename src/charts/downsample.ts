import { breaches, type ChartSample, type ErrorRateChartInput } from './error-rate-input.js';

/** One drawn point: a sample, or a bucket of neighbouring samples when there are too many to draw. */
export interface ChartPoint {
  /** Minutes since the deploy (the bucket's worst sample's time). */
  minute: number;
  ratio: number;
  /** Requests per sample (a bucket's mean), the faint volume series. */
  total: number;
  breach: boolean;
}

/**
 * At most `max` points to draw, in one pass and O(max) memory beyond the input. A bucket keeps its worst
 * sample's ratio and is a breach when any sample in it breached, so a single breaching sample in 24 hours
 * still shows; the volume is the bucket's mean. 600 points is about one per pixel of the plot.
 */
export function downsample(input: ErrorRateChartInput, max = 480): ChartPoint[] {
  const { samples, deployedAt } = input;
  const minute = (s: ChartSample) => (s.at - deployedAt) / 60_000;
  const per = Math.max(1, Math.ceil(samples.length / max));
  const out: ChartPoint[] = [];
  for (let i = 0; i < samples.length; i += per) {
    let worst = samples[i] as ChartSample;
    let sum = 0;
    let breach = false;
    const end = Math.min(samples.length, i + per);
    for (let j = i; j < end; j++) {
      const s = samples[j] as ChartSample;
      sum += s.total;
      if (breaches(s, input)) breach = true;
      if (s.ratio > worst.ratio) worst = s;
    }
    out.push({ minute: minute(worst), ratio: worst.ratio, total: sum / (end - i), breach });
  }
  return out;
}
