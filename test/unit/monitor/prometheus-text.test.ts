import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../../src/monitor/prometheus-text.js';

describe('parsePrometheusText', () => {
  it('reads labelled samples and skips HELP, TYPE and comments', () => {
    const body = [
      '# HELP http_requests_total Total requests.',
      '# TYPE http_requests_total counter',
      '# a free comment',
      'http_requests_total{method="GET",status="2xx"} 1027',
      'up 1',
    ].join('\n');
    expect(parsePrometheusText(body)).toEqual([
      { name: 'http_requests_total', labels: { method: 'GET', status: '2xx' }, value: 1027 },
      { name: 'up', labels: {}, value: 1 },
    ]);
  });

  it('unescapes \\" \\\\ and \\n in label values', () => {
    const [s] = parsePrometheusText('m{path="a \\"b\\" c\\\\d\\ne"} 1\n');
    expect(s?.labels.path).toBe('a "b" c\\d\ne');
  });

  it('keeps commas and braces inside quoted label values', () => {
    const [s] = parsePrometheusText('m{q="a,b}c",x="y",} 2');
    expect(s?.labels).toEqual({ q: 'a,b}c', x: 'y' });
  });

  it('reads NaN, +Inf, -Inf, exponents and timestamps', () => {
    const out = parsePrometheusText('a NaN\nb +Inf 1700000000000\nc -Inf\nd 1.5e3\ne 3 1700000000.5\n');
    expect(out.map((s) => s.value)).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1500,
      3,
    ]);
    expect(out[1]?.timestampMs).toBe(1_700_000_000_000);
    expect(out[4]?.timestampMs).toBe(1_700_000_000_500);
  });

  it('skips _created samples', () => {
    const out = parsePrometheusText(
      'http_requests_total 5\nhttp_requests_created 1.7e9\nx_total_created 1.7e9',
    );
    expect(out.map((s) => s.name)).toEqual(['http_requests_total']);
  });

  it('never throws on garbage and keeps the good lines around it', () => {
    const garbage = [
      'good_one 1',
      '{no_name="x"} 1',
      'unterminated{a="x} 1',
      'bad_value{a="x"} twelve',
      'no_value{a="x"}',
      'dup{a="1",a="2"} 1',
      'too many fields 1 2 3',
      'hex 0x10',
      '9starts_with_digit 1',
      'label_no_quotes{a=x} 1',
      '\u0000\uffff binary',
      'good_two{a="b"} 2\r',
      '',
    ].join('\n');
    expect(() => parsePrometheusText(garbage)).not.toThrow();
    expect(parsePrometheusText(garbage).map((s) => s.name)).toEqual(['good_one', 'good_two']);
  });
});
