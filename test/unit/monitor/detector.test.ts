import { describe, expect, it } from 'vitest';
import {
  applyDecision,
  type Decision,
  type DetectorAction,
  type DetectorSettings,
  type DetectorState,
  detect,
  initialState,
} from '../../../src/monitor/detector.js';
import type { SourceResult } from '../../../src/monitor/error-rate-source.js';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 30_000;
const settings: DetectorSettings = {
  threshold: 0.01,
  consecutive: 2,
  minRequests: 50,
  repeatMs: 10 * 60_000,
  endsAt: T0 + 30 * 60_000,
  hardEndsAt: T0 + 60 * 60_000,
  sampled: true,
};

/** A recorded series: "ok" (0.2% of 500), "spike" (5% of 500), "low" (40% of 10), "down", or [errors, total]. */
type Point = 'ok' | 'spike' | 'low' | 'down' | [number, number];
const sample = (p: Point): SourceResult => {
  if (p === 'down') return { unavailable: 'connection refused' };
  const [errors, total] = p === 'ok' ? [1, 500] : p === 'spike' ? [25, 500] : p === 'low' ? [4, 10] : p;
  return { errors, total, ratio: total ? errors / total : 0 };
};
const series = (...parts: [Point, number][]) => parts.flatMap(([p, n]) => Array<Point>(n).fill(p));

/** Replays the series one sample per 30 s; returns the actions by sample index (decisions applied before a sample). */
function replay(points: Point[], decisions: Record<number, Decision> = {}) {
  let state: DetectorState = initialState();
  const out: Record<number, DetectorAction[]> = {};
  points.forEach((p, i) => {
    const now = T0 + i * STEP;
    const d = decisions[i];
    if (d) state = applyDecision(state, d, now);
    const r = detect(state, { rate: sample(p), healthy: true }, settings, now);
    state = r.state;
    if (r.actions.length) out[i] = r.actions;
  });
  return { actions: out, state };
}

describe('detect: recorded series', () => {
  const cases: {
    name: string;
    points: Point[];
    decisions?: Record<number, Decision>;
    expected: Record<number, DetectorAction[]>;
  }[] = [
    {
      name: 'a quiet window completes quietly at its end',
      points: series(['ok', 61]),
      expected: { 60: ['complete_quiet'] },
    },
    {
      name: 'a one-sample blip raises nothing',
      points: series(['ok', 3], ['spike', 1], ['ok', 57]),
      expected: { 60: ['complete_quiet'] },
    },
    {
      name: 'two breaching samples remind on the second',
      points: series(['ok', 3], ['spike', 2]),
      expected: { 4: ['remind'] },
    },
    {
      name: 'high ratio on fewer than minRequests requests is not a breach',
      points: series(['low', 10]),
      expected: {},
    },
    {
      name: 'a low-traffic sample breaks the streak',
      points: series(['spike', 1], ['low', 1], ['spike', 1], ['ok', 1]),
      expected: {},
    },
    { name: 'exactly the threshold is not a breach', points: series([[5, 500], 4]), expected: {} },
    {
      name: 'recovery is reported once',
      points: series(['spike', 2], ['ok', 2]),
      expected: { 1: ['remind'], 2: ['recovered'] },
    },
    {
      name: 'low traffic does not count as recovery',
      points: series(['spike', 2], ['low', 1], ['ok', 1]),
      expected: { 1: ['remind'], 3: ['recovered'] },
    },
    {
      name: 'an unacknowledged alert repeats every repeat interval',
      points: series(['spike', 45]),
      expected: { 1: ['remind'], 21: ['repeat'], 41: ['repeat'] },
    },
    {
      name: 'an unavailable source is reported once, and its return once',
      points: series(['ok', 1], ['down', 4], ['ok', 1]),
      expected: { 1: ['source_error'], 5: ['source_ok'] },
    },
    {
      name: 'a source that never answers cannot complete quietly',
      points: series(['down', 61]),
      expected: { 0: ['source_error'], 60: ['complete_noisy'] },
    },
    {
      name: 'an alert still on at the window end keeps the watch going until recovery',
      points: series(['ok', 59], ['spike', 4], ['ok', 1]),
      expected: { 60: ['remind'], 63: ['recovered', 'complete_noisy'] },
    },
    {
      name: 'acknowledging stops the repeats',
      points: series(['spike', 45]),
      decisions: { 5: 'acknowledged' },
      expected: { 1: ['remind'] },
    },
    {
      name: 'a snooze delays the next repeat until it ends',
      points: series(['spike', 45]),
      decisions: { 2: { snoozeMinutes: 30 } },
      expected: { 1: ['remind'] },
    },
    {
      name: 'after a false alarm no new reminder until the ratio has recovered once',
      points: series(['spike', 10], ['ok', 1], ['spike', 2]),
      decisions: { 3: 'false_alarm' },
      expected: { 1: ['remind'], 12: ['remind'] },
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(replay(c.points, c.decisions).actions).toEqual(c.expected);
    });

  it('a snooze ends with a repeat at its expiry even inside the repeat interval', () => {
    const { actions } = replay(series(['spike', 70]), { 2: { snoozeMinutes: 15 } });
    // Snoozed at sample 2 (1 min) for 15 min: expires at sample 32.
    expect(actions[32]).toEqual(['repeat']);
    expect(Object.keys(actions)).toEqual(['1', '32', '52']);
  });

  it('keeps the figures for the verification evidence', () => {
    const { state } = replay(series(['ok', 10], ['spike', 1], ['ok', 50]));
    expect(state).toMatchObject({
      samples: 61,
      requests: 30_500,
      errors: 85,
      peakRatio: 0.05,
      healthOk: 61,
      done: true,
    });
  });

  it('does nothing once done', () => {
    const { state } = replay(series(['ok', 61]));
    expect(detect(state, { rate: sample('spike') }, settings, settings.endsAt + STEP).actions).toEqual([]);
  });
});
