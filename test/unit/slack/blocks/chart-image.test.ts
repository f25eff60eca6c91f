import { describe, expect, it } from 'vitest';
import { blockKitErrors } from '../../../../src/sandbox/block-kit-limits.js';
import { slackFileErrors } from '../../../../src/sandbox/slack-file-rules.js';
import { chartImage, renderChartFollowUp } from '../../../../src/slack/blocks/chart-image.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const files = [{ id: 'F1', filename: 'chart.png', bytes: PNG, shared: true, owner: 'UBOT' }];
const valid = (blocks: unknown[]) => [...blockKitErrors(blocks), ...slackFileErrors(blocks, files, 'UBOT')];

describe('chart image blocks', () => {
  it('names the uploaded file with slack_file and carries the figures as alt text', () => {
    const block = chartImage(
      { fileId: 'F1', altText: 'Peak 29.8 percent' },
      'watch:chart:1',
    ) as unknown as Record<string, unknown>;
    expect(block).toMatchObject({ type: 'image', slack_file: { id: 'F1' }, alt_text: 'Peak 29.8 percent' });
    expect(block.image_url).toBeUndefined();
    expect(valid([block])).toEqual([]);
  });

  it('stays within Slack’s alt_text limit whatever it is given', () => {
    const long = chartImage({ fileId: 'F1', altText: 'x'.repeat(5000) }) as unknown as { alt_text: string };
    expect(long.alt_text).toHaveLength(2000);
    expect(valid([long])).toEqual([]);
    const empty = chartImage({ fileId: 'F1', altText: '' }) as unknown as { alt_text: string };
    expect(empty.alt_text).toBe('Error-rate chart');
  });

  it('posts a repeat’s or the recovery’s chart on its own, with text for notifications', () => {
    const m = renderChartFollowUp({ fileId: 'F1', altText: 'a' }, 'recovered');
    expect(m.text).toContain('through the recovery');
    expect(valid(m.blocks)).toEqual([]);
  });
});
