import type { TopLevelSpec } from 'vega-lite';

/**
 * Logical size of the plot. Slack shows an image block about 360–500 px wide: the plot is small and the text
 * large so that, scaled down, labels stay at 11 px or more. The PNG is drawn at twice the size, sharp on HiDPI.
 */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 220;
export const CHART_FONT = 'DejaVu Sans';

// One palette for light and dark Slack themes: the chart sits on its own light card, and every colour keeps
// at least 4.5:1 contrast against that card (text, the ratio line, breaches) or 3:1 (grid-level marks).
export const CARD = '#ffffff';
const INK = '#1d1c1d';
const MUTED = '#5e5d60';
const RATIO = '#1264a3';
const BREACH = '#c0142c';
const VOLUME = '#8a8a8f';

/** The per-chart values; everything else in the spec is fixed, so it is compiled and parsed once. */
export interface ChartSignals {
  titleText: string;
  subtitleText: string;
  /** 'm' or 'h': the x axis counts minutes, or hours for long watches. */
  xUnit: string;
  xMax: number;
  yMax: number;
  volumeMax: number;
}
/** Named datasets filled per chart: `points` (ChartPoint rows, x in xUnit) and `threshold` (one row). */
export const POINTS = 'points';
export const THRESHOLD = 'threshold';

const x = {
  field: 'x',
  type: 'quantitative' as const,
  title: 'since the deploy',
  scale: { domainMin: 0, domainMax: { expr: 'xMax' }, nice: false },
  axis: { labelExpr: "format(datum.value, '~r') + xUnit", tickCount: 6 },
};

/**
 * The Vega-Lite description of the error-rate chart: the error ratio per sample (line), breaching samples
 * (red dots), the threshold (dashed rule), the deploy instant (rule at zero) and request volume (faint area,
 * its own axis on the right, scaled to stay in the lower part of the plot).
 */
export function errorRateSpec(): TopLevelSpec {
  const params: { name: keyof ChartSignals; value: string | number }[] = [
    { name: 'titleText', value: '' },
    { name: 'subtitleText', value: '' },
    { name: 'xUnit', value: 'm' },
    { name: 'xMax', value: 1 },
    { name: 'yMax', value: 1 },
    { name: 'volumeMax', value: 1 },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    params,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    // No background here: the renderer crops to what is drawn (Vega's text-width estimate without a canvas is
    // generous, which would leave a blank band on the right) and then lays the card colour under it.
    padding: 0,
    title: {
      text: { expr: 'titleText' },
      // Vega-Lite passes an expression through to Vega's title, which accepts a signal here; its types only
      // name text for `subtitle` (drawn correctly: see test/unit/charts/error-rate-chart.test.ts).
      subtitle: { expr: 'subtitleText' } as unknown as string,
      anchor: 'start',
      fontSize: 22,
      subtitleFontSize: 15,
      color: INK,
      subtitleColor: MUTED,
      offset: 12,
    },
    config: {
      font: CHART_FONT,
      view: { stroke: null },
      axis: {
        labelFontSize: 15,
        titleFontSize: 14,
        labelColor: INK,
        titleColor: MUTED,
        titleFontWeight: 'normal',
        gridColor: '#e8e8e8',
        domainColor: MUTED,
        tickColor: MUTED,
      },
    },
    data: { name: POINTS },
    resolve: { scale: { y: 'independent' } },
    layer: [
      {
        mark: { type: 'area', color: VOLUME, opacity: 0.16, interpolate: 'step-after' },
        encoding: {
          x,
          y: {
            field: 'total',
            type: 'quantitative',
            title: 'requests per sample',
            scale: { domainMin: 0, domainMax: { expr: 'volumeMax' }, nice: false },
            axis: { orient: 'right', grid: false, labelColor: MUTED, tickCount: 4, titlePadding: 12 },
          },
        },
      },
      {
        layer: [
          {
            mark: { type: 'line', color: RATIO, strokeWidth: 2.5 },
            encoding: {
              x,
              y: {
                field: 'ratio',
                type: 'quantitative',
                title: 'error ratio',
                scale: { domainMin: 0, domainMax: { expr: 'yMax' }, nice: false },
                axis: { format: '.0%', tickCount: 5 },
              },
            },
          },
          {
            transform: [{ filter: 'datum.breach' }],
            mark: { type: 'point', filled: true, color: BREACH, size: 70, opacity: 1 },
            encoding: { x, y: { field: 'ratio', type: 'quantitative' } },
          },
          {
            data: { name: THRESHOLD },
            layer: [
              {
                mark: { type: 'rule', color: BREACH, strokeDash: [6, 4], strokeWidth: 1.5 },
                encoding: { y: { field: 'threshold', type: 'quantitative' } },
              },
              {
                mark: {
                  type: 'text',
                  align: 'right',
                  dy: -8,
                  x: CHART_WIDTH - 4,
                  fontSize: 14,
                  color: BREACH,
                },
                encoding: { y: { field: 'threshold', type: 'quantitative' }, text: { field: 'label' } },
              },
            ],
          },
          {
            data: { values: [{ x: 0, label: 'deploy' }] },
            layer: [
              { mark: { type: 'rule', color: INK, strokeWidth: 1.5 }, encoding: { x } },
              {
                mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, y: 4, fontSize: 14, color: INK },
                encoding: { x, text: { field: 'label' } },
              },
            ],
          },
        ],
      },
    ],
  };
}
