import type { ErrorRateSample } from './error-rate-source.js';

/** Counter values by series key, as of one read. Stored in the watch state between samples. */
export type Counters = Record<string, number>;

/** prometheus-fastapi-instrumentator groups statuses as "5xx"; other exporters send the code itself. */
export const isServerError = (status: string | undefined): boolean =>
  status !== undefined && (/^5xx$/i.test(status) || /^5\d\d$/.test(status));

/** Only an exporter that keeps exact codes can tell a 401 apart; the grouped "4xx" cannot. */
const isUnauthorized = (status: string | undefined) => status === '401';

/**
 * A stable key for one counter series. The status class leads the key ("E" 5xx, "U" 401, "R" the rest)
 * so a delta can be classified without re-parsing the labels.
 */
export function counterKey(name: string, labels: Record<string, string>, statusLabel: string): string {
  const status = labels[statusLabel];
  const cls = isServerError(status) ? 'E' : isUnauthorized(status) ? 'U' : 'R';
  const body = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
  return `${cls}|${name}{${body}}`;
}

export interface CounterDelta {
  errors: number;
  total: number;
  /** 401 answers, when the exporter's status label keeps exact codes. */
  unauthorized: number;
}

/**
 * Sum of per-series increases between two reads. A counter that went down was reset (the process
 * restarted), so its new value is the increase; a series that is new counts from zero.
 */
export function counterDelta(previous: Counters, current: Counters): CounterDelta {
  let errors = 0;
  let total = 0;
  let unauthorized = 0;
  for (const [key, value] of Object.entries(current)) {
    const before = previous[key];
    const delta = before === undefined || value < before ? value : value - before;
    total += delta;
    if (key.startsWith('E|')) errors += delta;
    else if (key.startsWith('U|')) unauthorized += delta;
  }
  return { errors, total, unauthorized };
}

/**
 * The baseline for the next delta: the current values, plus the last known value of any series this
 * read lacked. A series missing for a read (a failed scrape, a stale marker) that comes back with its
 * old count must not count its whole lifetime as new traffic.
 */
export const nextBaseline = (previous: Counters | undefined, current: Counters): Counters => ({
  ...(previous ?? {}),
  ...current,
});

/**
 * Turns successive counter reads into per-sample figures. The first read only sets the baseline and
 * reports zero requests (below any minimum-requests gate). `memo()` is what the watch stores so the
 * next process continues from the same baseline.
 */
export function createCounterTracker(restored?: {
  counters?: Counters | undefined;
  at?: number | undefined;
}) {
  let previous = restored?.counters;
  let previousAt = restored?.at;
  return {
    memo: (): Record<string, unknown> | undefined =>
      previous ? { counters: previous, ...(previousAt !== undefined ? { at: previousAt } : {}) } : undefined,
    next(current: Counters, now: number): ErrorRateSample {
      const before = previous;
      const since = previousAt;
      previous = nextBaseline(before, current);
      previousAt = now;
      if (!before) return { ratio: 0, errors: 0, total: 0, unauthorized: 0 };
      const { errors, total, unauthorized } = counterDelta(before, current);
      return {
        ratio: total > 0 ? errors / total : 0,
        errors,
        total,
        unauthorized,
        ...(since !== undefined ? { since } : {}),
      };
    },
  };
}
