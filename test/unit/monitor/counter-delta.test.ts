import { describe, expect, it } from 'vitest';
import {
  type Counters,
  counterDelta,
  counterKey,
  createCounterTracker,
  nextBaseline,
} from '../../../src/monitor/counter-delta.js';

const key = (status: string, instance = 'a') =>
  counterKey('http_requests_total', { instance, status }, 'status');
const read = (values: Record<string, number>, instance = 'a'): Counters =>
  Object.fromEntries(Object.entries(values).map(([status, v]) => [key(status, instance), v]));

describe('counter deltas', () => {
  it('counts only the increase since the previous read', () => {
    expect(counterDelta(read({ '2xx': 1000, '5xx': 10 }), read({ '2xx': 1843, '5xx': 368 }))).toEqual({
      errors: 358,
      total: 1201,
      unauthorized: 0,
    });
  });

  it('counts a reset series from zero instead of as a negative or lifetime figure', () => {
    const before = read({ '2xx': 90_000, '5xx': 200 });
    expect(counterDelta(before, read({ '2xx': 40, '5xx': 2 }))).toEqual({
      errors: 2,
      total: 42,
      unauthorized: 0,
    });
  });

  it('handles a reset in one process without touching the others', () => {
    const before = { ...read({ '2xx': 5000 }, 'a'), ...read({ '2xx': 7000 }, 'b') };
    const after = { ...read({ '2xx': 5100 }, 'a'), ...read({ '2xx': 30, '5xx': 30 }, 'b') };
    expect(counterDelta(before, after)).toEqual({ errors: 30, total: 160, unauthorized: 0 });
  });

  it('tells 401s apart when the exporter keeps exact codes, not when it groups them', () => {
    const before = read({ '200': 100, '401': 0, '4xx': 0 });
    expect(counterDelta(before, read({ '200': 150, '401': 40, '4xx': 7 }))).toEqual({
      errors: 0,
      total: 97,
      unauthorized: 40,
    });
  });

  it('keeps a series missing from one read in the baseline, so its return is not counted twice', () => {
    const first = read({ '2xx': 5000, '5xx': 300 });
    const gap = read({ '2xx': 5100 });
    const base = nextBaseline(first, gap);
    expect(counterDelta(base, read({ '2xx': 5200, '5xx': 301 }))).toMatchObject({ errors: 1, total: 101 });
  });
});

describe('counter tracker', () => {
  it('reports zero requests for the baseline read, then the stretch since the previous read', () => {
    const t = createCounterTracker();
    expect(t.next(read({ '2xx': 100 }), 1_000)).toEqual({ ratio: 0, errors: 0, total: 0, unauthorized: 0 });
    expect(t.next(read({ '2xx': 170, '5xx': 30 }), 31_000)).toEqual({
      ratio: 0.3,
      errors: 30,
      total: 100,
      unauthorized: 0,
      since: 1_000,
    });
  });

  it('continues from a stored memo', () => {
    const t = createCounterTracker();
    t.next(read({ '2xx': 100 }), 1_000);
    const restored = createCounterTracker(t.memo() as { counters: Counters; at: number });
    expect(restored.next(read({ '2xx': 150 }), 2_000)).toMatchObject({ total: 50, since: 1_000 });
  });
});
