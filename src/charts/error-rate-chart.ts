import { renderAsync } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { chartAltText } from './chart-alt-text.js';
import { chartFontFile } from './chart-font.js';
import { type ChartPoint, downsample } from './downsample.js';
import { breaches, type ErrorRateChartInput } from './error-rate-input.js';
import { CARD, CHART_FONT, type ChartSignals, errorRateSpec, POINTS, THRESHOLD } from './error-rate-spec.js';
import { useDejaVuTextWidths } from './text-width.js';

export interface ErrorRateChart {
  png: Uint8Array;
  /** The chart's figures in words (Slack's alt_text, ≤ 2000 characters). */
  altText: string;
  width: number;
  height: number;
  /** Points drawn (fewer than the samples when they were bucketed). */
  points: number;
}

/** Pixels per logical pixel: sharp on HiDPI screens once Slack scales the image to the message width. */
const SCALE = 2;
/** Watches longer than this are drawn in hours. */
const HOURS_AFTER_MINUTES = 180;

// The spec is the same for every chart (the figures are signals and datasets): compiled, parsed and turned
// into one Vega view once per process; each chart only swaps the data (charts take turns on it).
let view: View | undefined;
let turn: Promise<unknown> = Promise.resolve();
const chartView = () => {
  useDejaVuTextWidths();
  view ??= new View(parse(compile(errorRateSpec()).spec), { renderer: 'none' });
  return view;
};

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/**
 * Draws a watch's error-rate chart: Vega-Lite → Vega → SVG (no browser, no canvas), then resvg to PNG.
 * Plain data in, PNG bytes and alt text out. Vega estimates text widths; resvg draws the text with DejaVu Sans.
 */
export async function renderErrorRateChart(input: ErrorRateChartInput): Promise<ErrorRateChart> {
  const points = downsample(input);
  const lastMinute = points.at(-1)?.minute ?? 0;
  const spanMinutes = Math.max(lastMinute, (4 * input.intervalMs) / 60_000);
  // Seconds for the first minutes (a fast demo watch), minutes for a usual watch, hours for a day.
  const [unit, perMinute] =
    spanMinutes > HOURS_AFTER_MINUTES ? ['h', 1 / 60] : spanMinutes < 3 ? ['s', 60] : ['m', 1];
  let peak = input.threshold;
  let volume = 0;
  let breaching = 0;
  for (const p of points) {
    peak = Math.max(peak, p.ratio);
    volume = Math.max(volume, p.total);
  }
  // Samples, not drawn points: a bucket can hold several breaching samples.
  for (const s of input.samples) if (breaches(s, input)) breaching++;
  const signals: ChartSignals = {
    titleText: `${input.service} ${input.version} · ${input.env}`,
    subtitleText: `Error rate since the deploy · threshold ${pct(input.threshold)} · peak ${pct(peak)}${
      breaching ? ` · ${breaching.toLocaleString('en-US')} breaching` : ''
    }`,
    xUnit: unit,
    // The span so far (a few intervals at least, so the first samples are not drawn against the y axis).
    xMax: spanMinutes * perMinute,
    yMax: Math.min(1, peak * 1.15) || 0.01,
    // Twice the busiest sample: the volume stays in the lower half, behind the ratio line.
    volumeMax: Math.max(1, volume * 2),
  };
  const svg = await drawSvg(signals, points, perMinute, input.threshold);
  const font = chartFontFile();
  // On libuv's thread pool: rasterising and PNG encoding never hold the event loop (acks go on meanwhile).
  const png = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: SCALE },
    background: CARD,
    font: font
      ? { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: CHART_FONT }
      : { loadSystemFonts: true, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return {
    png: png.asPng(),
    altText: chartAltText(input),
    width: png.width,
    height: png.height,
    points: points.length,
  };
}

/** Vega's SVG of one chart; one chart at a time on the shared view. */
function drawSvg(
  signals: ChartSignals,
  points: readonly ChartPoint[],
  perMinute: number,
  threshold: number,
): Promise<string> {
  const draw = async () => {
    const v = chartView();
    for (const [k, value] of Object.entries(signals)) v.signal(k, value);
    v.data(
      POINTS,
      points.map((p) => ({ ...p, x: p.minute * perMinute })),
    );
    v.data(THRESHOLD, [{ threshold, label: `threshold ${pct(threshold)}` }]);
    return v.toSVG();
  };
  const result = turn.then(draw, draw);
  turn = result.catch(() => undefined);
  return result;
}
