import { breaches, type ChartSample, type ErrorRateChartInput } from './error-rate-input.js';

/** Slack's limit for an image's alt_text. */
export const ALT_TEXT_MAX = 2000;

const pct = (r: number) => `${(r * 100).toFixed(r > 0 && r < 0.001 ? 2 : 1)} percent`;
const num = (n: number) => Math.round(n).toLocaleString('en-US');
const clock = (at: number) => `${new Date(at).toISOString().slice(11, 16)} UTC`;
const span = (ms: number) => {
  if (ms < 90_000) return `${Math.round(ms / 1000)} seconds`;
  const m = Math.round(ms / 60_000);
  return m < 120 ? `${m} minute${m === 1 ? '' : 's'}` : `${(m / 60).toFixed(m % 60 ? 1 : 0)} hours`;
};
const every = (ms: number) =>
  ms % 60_000 ? `${Math.round(ms / 1000)} seconds` : ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
const after = (s: ChartSample, deployedAt: number) => `${span(s.at - deployedAt)} after the deploy`;

/**
 * The chart's facts in words, for screen readers and for anyone whose client does not load the image: plain
 * sentences (Slack shows alt_text as is, so no markup), at most ALT_TEXT_MAX characters.
 */
export function chartAltText(input: ErrorRateChartInput): string {
  const { samples, service, version, env, deployedAt, threshold } = input;
  const head = `Error-rate chart for ${service} ${version} in ${env} since the deploy at ${clock(deployedAt)}.`;
  if (samples.length === 0)
    return `${head} No samples were measured yet. Threshold ${pct(threshold)}.`.slice(0, ALT_TEXT_MAX);
  const last = samples.at(-1) as ChartSample;
  let peak = samples[0] as ChartSample;
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  let breaching = 0;
  let first: ChartSample | undefined;
  for (const s of samples) {
    if (s.ratio > peak.ratio) peak = s;
    low = Math.min(low, s.total);
    high = Math.max(high, s.total);
    if (breaches(s, input)) {
      breaching++;
      first ??= s;
    }
  }
  const parts = [
    head,
    `${num(samples.length)} sample${samples.length === 1 ? '' : 's'} over ${span(last.at - deployedAt)}, taken every ${every(input.intervalMs)}.`,
    `Threshold ${pct(threshold)}.`,
    breaching && first
      ? `${num(breaching)} sample${breaching === 1 ? '' : 's'} breached it, the first ${after(first, deployedAt)} at ${clock(first.at)}.`
      : 'No sample breached it.',
    `Peak ${pct(peak.ratio)} (${num(peak.errors)} of ${num(peak.total)} requests) ${after(peak, deployedAt)}.`,
    `Latest ${pct(last.ratio)} (${num(last.errors)} of ${num(last.total)} requests) at ${clock(last.at)}.`,
    `Request volume ${low === high ? `steady at ${num(low)}` : `between ${num(low)} and ${num(high)}`} per sample.`,
  ];
  return parts.join(' ').slice(0, ALT_TEXT_MAX);
}
