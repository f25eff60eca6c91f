import type { ChartImageView } from '../../monitor/watch-views.js';
import type { Block } from '../ports.js';

/** Slack's limits for an image block: alt_text 1–2000 characters, title ≤ 2000. */
const ALT_MAX = 2000;

/**
 * An uploaded chart as an image block. `slack_file` names a file the bot uploaded itself (no public URL);
 * alt_text carries the chart's figures in words for screen readers and clients that do not load images.
 */
export function chartImage(chart: ChartImageView, blockId?: string): Block {
  return {
    type: 'image',
    slack_file: { id: chart.fileId },
    alt_text: chart.altText.slice(0, ALT_MAX) || 'Error-rate chart',
    title: { type: 'plain_text', text: 'Error rate since the deploy' },
    ...(blockId ? { block_id: blockId } : {}),
  } as Block;
}

/** The chart on its own, in the thread after the message it belongs to (a repeat, the recovery). */
export function renderChartFollowUp(
  chart: ChartImageView,
  what: 'repeat' | 'recovered',
): { text: string; blocks: Block[] } {
  const text =
    what === 'recovered'
      ? 'Error rate since the deploy, through the recovery'
      : 'Error rate since the deploy, as of this reminder';
  return { text, blocks: [chartImage(chart)] };
}
