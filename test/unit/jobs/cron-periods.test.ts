import { describe, expect, it } from 'vitest';
import { parseCron } from '../../../src/cron-expression.js';
import { nextFire, previousFire } from '../../../src/jobs/cron-periods.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Every occurrence in [from, to), walking nextFire: what a scheduler would run. */
function occurrences(cron: string, tz: string, from: string, to: string) {
  const spec = parseCron(cron);
  const out: { at: string; key: string }[] = [];
  for (let f = nextFire(spec, tz, at(from)); f && f.at < at(to); f = nextFire(spec, tz, f.at))
    out.push({ at: iso(f.at) as string, key: f.periodKey });
  return out;
}

describe('cron periods', () => {
  it('fires a daily 02:30 Berlin schedule once at 03:00 CEST on the spring-forward day', () => {
    expect(occurrences('30 2 * * *', 'Europe/Berlin', '2026-03-28T00:00Z', '2026-03-31T00:00Z')).toEqual([
      { at: '2026-03-28T01:30:00.000Z', key: '2026-03-28T02:30[Europe/Berlin]' },
      { at: '2026-03-29T01:00:00.000Z', key: '2026-03-29T02:30[Europe/Berlin]' },
      { at: '2026-03-30T00:30:00.000Z', key: '2026-03-30T02:30[Europe/Berlin]' },
    ]);
  });

  it('fires a daily 02:30 Berlin schedule once, at the first occurrence, on the fall-back day', () => {
    const runs = occurrences('30 2 * * *', 'Europe/Berlin', '2026-10-24T00:00Z', '2026-10-27T00:00Z');
    expect(runs.map((r) => r.at)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    // During the repeated hour the latest period is still the one that already fired.
    expect(previousFire(parseCron('30 2 * * *'), 'Europe/Berlin', at('2026-10-25T01:45Z'))?.periodKey).toBe(
      '2026-10-25T02:30[Europe/Berlin]',
    );
  });

  it('handles both New York transitions for 02:30 and 01:30 schedules', () => {
    expect(occurrences('30 2 * * *', 'America/New_York', '2026-03-08T00:00Z', '2026-03-09T12:00Z')).toEqual([
      { at: '2026-03-08T07:00:00.000Z', key: '2026-03-08T02:30[America/New_York]' },
      { at: '2026-03-09T06:30:00.000Z', key: '2026-03-09T02:30[America/New_York]' },
    ]);
    expect(
      occurrences('30 1 * * *', 'America/New_York', '2026-11-01T00:00Z', '2026-11-02T12:00Z').map(
        (r) => r.at,
      ),
    ).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('fires the default monthly schedule on the 1st at 09:00 local for a whole year', () => {
    const runs = occurrences('0 9 1 * *', 'Europe/Berlin', '2026-01-01T00:00Z', '2027-01-01T00:00Z');
    expect(runs).toHaveLength(12);
    expect(runs.map((r) => r.key)).toEqual(
      Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}-01T09:00[Europe/Berlin]`),
    );
    // 08:00Z in winter (CET), 07:00Z in summer (CEST)
    expect(runs[0]?.at).toBe('2026-01-01T08:00:00.000Z');
    expect(runs[6]?.at).toBe('2026-07-01T07:00:00.000Z');
  });

  it('finds the most recent monthly period weeks back', () => {
    const p = previousFire(parseCron('0 9 1 * *'), 'Europe/Berlin', at('2026-03-20T12:00Z'));
    expect(p?.periodKey).toBe('2026-03-01T09:00[Europe/Berlin]');
    expect(iso(p?.at)).toBe('2026-03-01T08:00:00.000Z');
  });

  it('matches either day field when both are restricted, like classic cron', () => {
    // the 13th, or any Friday
    const runs = occurrences('0 0 13 * 5', 'UTC', '2026-02-01T00:00Z', '2026-02-15T00:00Z');
    expect(runs.map((r) => r.key.slice(0, 10))).toEqual(['2026-02-06', '2026-02-13']);
  });

  it.each([
    ['61 * * * *', 'minute 61 out of range 0-59'],
    ['0 9 1 13 *', 'month 13 out of range 1-12'],
    ['0 9 * *', 'expected 5 fields'],
    ['*/0 * * * *', 'step "0" must be a positive number'],
    ['0 x * * *', 'hour "x" is not a number'],
  ])('rejects %s with "%s"', (cron, message) => {
    expect(() => parseCron(cron)).toThrow(message);
  });
});
