import { describe, expect, it } from 'vitest';
import {
  PROBE_IDS,
  type ProbeReport,
  type ProbeResult,
  type ProbeStatus,
} from '../../../../src/probes/types.js';
import { blockKitErrors } from '../../../../src/sandbox/block-kit-limits.js';
import { renderProbeResults } from '../../../../src/slack/blocks/probe-results.js';

const result = (
  id: ProbeResult['id'],
  status: ProbeStatus,
  over: Partial<ProbeResult> = {},
): ProbeResult => ({
  id,
  status,
  summary: `${id} ${status}`,
  details: '',
  remediation: status === 'fail' ? `fix ${id}` : '',
  durationMs: 12,
  ...over,
});
const report = (results: ProbeResult[]): ProbeReport => {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) summary[r.status]++;
  return {
    target: 'https://api.example.com/',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 840,
    summary,
    results,
  };
};
const texts = (blocks: unknown[]) => JSON.stringify(blocks);

describe('renderProbeResults', () => {
  it('leads with the summary line and duration', () => {
    const r = renderProbeResults(
      report([result('health', 'pass'), result('hsts', 'fail'), result('cors', 'warn')]),
      {
        service: 'api',
        runId: 4,
      },
    );
    expect(r.text).toBe('Probe run #4 for api: 1 pass, 1 warn, 1 fail, 0 skip');
    expect(texts(r.blocks)).toContain(
      ':white_check_mark: 1 pass · :warning: 1 warn · :x: 1 fail · :fast_forward: 0 skip · 840 ms',
    );
  });

  it('shows failures first with why and how to fix, then warnings, then a compact list of the rest', () => {
    const r = renderProbeResults(
      report([
        result('health', 'pass'),
        result('cors', 'warn', { remediation: 'restrict origins' }),
        result('hsts', 'fail', { details: 'no header at all' }),
        result('static-cache', 'skip'),
      ]),
      { service: 'api', runId: 1 },
    );
    const body = texts(r.blocks);
    const at = (s: string) => body.indexOf(s);
    expect(at('*hsts*')).toBeGreaterThan(0);
    expect(at('*hsts*')).toBeLessThan(at('*cors*'));
    expect(at('*cors*')).toBeLessThan(at('*health*'));
    expect(body).toContain('no header at all');
    expect(body).toContain('_Fix:_ fix hsts');
    expect(body).toContain('*static-cache*');
  });

  it('says which checklist items were ticked and which now block approval', () => {
    const r = renderProbeResults(report([result('hsts', 'fail')]), {
      service: 'api',
      runId: 2,
      ticked: ['a', 'b'],
      failing: ['c'],
    });
    expect(texts(r.blocks)).toContain('2 checklist item(s) verified by probe');
    expect(texts(r.blocks)).toMatch(/1 item\(s\) marked failing — approval is blocked/);
  });

  it('stays within Slack limits whatever the input size', () => {
    const huge = 'x'.repeat(10_000);
    const many = Array.from({ length: 80 }, (_, i) =>
      result(PROBE_IDS[i % PROBE_IDS.length]!, i % 3 === 0 ? 'fail' : i % 3 === 1 ? 'warn' : 'pass', {
        summary: `${huge}*_~<!channel>`,
        details: huge,
        remediation: huge,
      }),
    );
    const r = renderProbeResults(
      { ...report(many), target: `https://${'a'.repeat(5000)}.example/` },
      { service: 's'.repeat(300), runId: 99999, ticked: Array(500).fill('x'), failing: Array(500).fill('y') },
    );
    expect(blockKitErrors(r.blocks)).toEqual([]);
    expect(r.text.length).toBeLessThanOrEqual(4000);
  });

  it('escapes mrkdwn control text from the service so it cannot ping the channel', () => {
    const r = renderProbeResults(report([result('hsts', 'fail', { summary: 'see <!channel> now' })]), {
      service: 'api',
      runId: 3,
    });
    expect(texts(r.blocks)).not.toContain('<!channel>');
  });
});
