import { describe, expect, it } from 'vitest';
import { counterDelta, isServerError } from '../../../../src/monitor/counter-delta.js';
import { extractCounters } from '../../../../src/monitor/sources/metrics-scrape.js';

const body = (ok: number, err: number, err503 = 0) =>
  [
    '# TYPE http_requests_total counter',
    `http_requests_total{handler="/a",status="2xx"} ${ok}`,
    `http_requests_total{handler="/a",status="5xx"} ${err}`,
    `http_requests_total{handler="/b",code="503",status="503"} ${err503}`,
    `http_requests_total_created{handler="/a",status="5xx"} 1.7e9`,
    'other_total 99',
  ].join('\n');

describe('/metrics counter deltas', () => {
  it('groups "5xx" and numeric 500–599 statuses as errors', () => {
    expect(['5xx', '5XX', '500', '599'].map(isServerError)).toEqual([true, true, true, true]);
    expect(['2xx', '4xx', '499', '600', '5', undefined].map(isServerError)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('computes errors and total from the increase between two scrapes', () => {
    const a = extractCounters(body(100, 1, 0), 'http_requests_total', 'status');
    const b = extractCounters(body(190, 6, 4), 'http_requests_total', 'status');
    expect(counterDelta(a, b)).toEqual({ errors: 9, total: 99, unauthorized: 0 });
  });

  it('treats a counter that went down as reset and counts its new value', () => {
    const a = extractCounters(body(1000, 10), 'http_requests_total', 'status');
    const b = extractCounters(body(50, 2), 'http_requests_total', 'status');
    expect(counterDelta(a, b)).toEqual({ errors: 2, total: 52, unauthorized: 0 });
  });

  it('accepts the counter base name and ignores other metrics and _created samples', () => {
    const c = extractCounters(body(1, 2, 3), 'http_requests', 'status');
    expect(Object.values(c).sort()).toEqual([1, 2, 3]);
  });
});
