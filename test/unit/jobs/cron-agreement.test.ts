import { createTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSchedule } from '../../../src/cron-expression.js';
import { nextFire } from '../../../src/jobs/cron-periods.js';

afterEach(() => {
  vi.useRealTimers();
});

/** The next `count` occurrences after `from` as croner computes them (the scheduler's periods). */
function cronerRuns(cron: string, tz: string, from: number, count: number): string[] {
  const spec = parseSchedule(cron);
  const out: string[] = [];
  for (let f = nextFire(spec, tz, from); f && out.length < count; f = nextFire(spec, tz, f.at))
    out.push(new Date(f.at).toISOString());
  return out;
}

/** The next `count` instants node-cron would trigger at after `from` (it counts from the system clock). */
function nodeCronRuns(cron: string, tz: string, from: number, count: number): string[] {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(from);
  const task = createTask(cron, () => undefined, { timezone: tz });
  try {
    return task.getNextRuns(count).map((d) => d.toISOString());
  } finally {
    void task.destroy();
    vi.useRealTimers();
  }
}

describe('croner and node-cron read an expression the same way', () => {
  // Berlin and New York change clocks on Sundays at 02:00/03:00, outside every time these fire at, so
  // the two must agree instant for instant across a whole year, DST changes included.
  it.each([
    ['0 9 1 * *', 'Europe/Berlin'],
    ['30 2 * * 1-5', 'Europe/Berlin'],
    ['*/20 8-17 * * mon-fri', 'America/New_York'],
    ['15 10 * jan-mar,oct *', 'Asia/Kolkata'],
    ['0 9 L * *', 'Europe/Berlin'],
    ['0 9 1,L * *', 'UTC'],
    ['0 9 LW * *', 'America/New_York'],
    ['0 9 15W * *', 'Europe/Berlin'],
    ['0 9 31W * *', 'UTC'],
    ['0 9 1W * *', 'UTC'],
    ['0 18 * * 5L', 'Europe/Berlin'],
    ['0 9 * * 1#1', 'America/New_York'],
    ['0 9 * * 2#2,4#4', 'Europe/Berlin'],
    ['0 9 * * 5#5', 'UTC'],
    ['0 9 * * 7', 'Australia/Sydney'],
    ['0 0 29 2 *', 'UTC'],
  ])('%s in %s', (cron, tz) => {
    const from = Date.UTC(2026, 0, 1);
    const count = cron === '0 0 29 2 *' ? 2 : 40;
    const expected = cronerRuns(cron, tz, from, count);
    expect(expected).toHaveLength(count);
    expect(nodeCronRuns(cron, tz, from, count)).toEqual(expected);
  });

  it('fires L, W and # on the days they name', () => {
    const from = Date.UTC(2026, 0, 1);
    const days = (cron: string) => cronerRuns(cron, 'UTC', from, 4).map((d) => d.slice(0, 10));
    expect(days('0 9 L * *')).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    // 31 Jan 2026 is a Saturday, 31 May a Sunday: the nearest weekday stays in the month.
    expect(days('0 9 LW * *')).toEqual(['2026-01-30', '2026-02-27', '2026-03-31', '2026-04-30']);
    // 1 Feb 2026 is a Sunday: 1W moves forward to Monday the 2nd, never back into January.
    expect(days('0 9 1W * *')).toEqual(['2026-01-01', '2026-02-02', '2026-03-02', '2026-04-01']);
    expect(days('0 9 * * 5L')).toEqual(['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24']);
    expect(days('0 9 * * 5#2')).toEqual(['2026-01-09', '2026-02-13', '2026-03-13', '2026-04-10']);
    // Months with five Fridays only.
    expect(days('0 9 * * 5#5')).toEqual(['2026-01-30', '2026-05-29', '2026-07-31', '2026-10-30']);
  });

  it("differs only inside a spring-forward gap, where the scheduler's own timer runs the period", () => {
    // node-cron skips a wall time that does not exist; croner runs it at the first instant after the
    // gap. The scheduler takes its periods from croner and arms its own timer for them, so node-cron
    // missing this tick delays nothing.
    const from = Date.UTC(2026, 2, 28);
    expect(cronerRuns('30 2 * * *', 'Europe/Berlin', from, 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(nodeCronRuns('30 2 * * *', 'Europe/Berlin', from, 2)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });
});
