import { describe, expect, it } from 'vitest';
import { ALT_TEXT_MAX, chartAltText } from '../../../src/charts/chart-alt-text.js';
import { downsample } from '../../../src/charts/downsample.js';
import { renderErrorRateChart } from '../../../src/charts/error-rate-chart.js';
import type { ChartSample, ErrorRateChartInput } from '../../../src/charts/error-rate-input.js';

const DEPLOY = Date.parse('2026-12-03T14:02:00Z');
const input = (samples: ChartSample[], intervalMs = 30_000): ErrorRateChartInput => ({
  service: 'checkout',
  version: '1.4.2',
  env: 'production',
  deployedAt: DEPLOY,
  threshold: 0.05,
  minRequests: 20,
  intervalMs,
  samples,
});
const series = (n: number, intervalMs: number, bad: (i: number) => boolean) =>
  Array.from({ length: n }, (_, i) => {
    const total = 1000;
    const errors = bad(i) ? 298 : 10;
    return { at: DEPLOY + (i + 1) * intervalMs, total, errors, ratio: errors / total };
  });

describe('error-rate chart', () => {
  it('draws a PNG of a legible size with the figures in its alt text', async () => {
    const chart = await renderErrorRateChart(input(series(60, 30_000, (i) => i >= 40 && i < 43)));
    expect([...chart.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(chart.width).toBeGreaterThanOrEqual(800);
    expect(chart.height).toBeGreaterThanOrEqual(350);
    expect(chart.points).toBe(60);
    expect(chart.altText).toContain('checkout 1.4.2 in production');
    expect(chart.altText).toContain('Threshold 5.0 percent');
    expect(chart.altText).toContain(
      '3 samples breached it, the first 21 minutes after the deploy at 14:22 UTC',
    );
    expect(chart.altText).toContain('Peak 29.8 percent (298 of 1,000 requests)');
  });

  it('keeps a single breaching sample visible when 24 hours of samples are bucketed', () => {
    const points = downsample(
      input(
        series(8640, 10_000, (i) => i === 5000),
        10_000,
      ),
    );
    expect(points.length).toBeLessThanOrEqual(480);
    expect(points.filter((p) => p.breach)).toHaveLength(1);
    expect(Math.max(...points.map((p) => p.ratio))).toBeCloseTo(0.298);
  });

  it('does not mark low-traffic samples as breaches, like the detector', () => {
    const points = downsample(input([{ at: DEPLOY + 30_000, total: 5, errors: 5, ratio: 1 }]));
    expect(points[0]?.breach).toBe(false);
  });

  it('writes plain alt text within Slack’s limit, even with no samples', () => {
    const long = input(
      series(8640, 10_000, (i) => i % 7 === 0),
      10_000,
    );
    for (const text of [chartAltText(long), chartAltText(input([]))]) {
      expect(text.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
      expect(text).not.toMatch(/[*_`<>]/);
    }
    expect(chartAltText(input([]))).toContain('No samples were measured yet');
  });
});
