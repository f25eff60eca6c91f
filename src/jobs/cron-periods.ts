import { Cron } from 'croner';
import type { CronSpec } from '../cron-expression.js';
import { wallAsUtc } from '../wall-clock.js';

/** One scheduled occurrence: the instant it fires and the wall-clock time it was scheduled for. */
export interface Fire {
  /** Epoch ms at which the occurrence fires (for a wall time in a DST gap: the first instant after it). */
  readonly at: number;
  /** The scheduled local wall-clock time plus zone, e.g. `2026-03-01T09:00[Europe/Berlin]`: the exactly-once key. */
  readonly periodKey: string;
  /** `2026-03-01 09:00` for messages. */
  readonly wall: string;
}

// croner computes every occurrence. `no-wildcard` makes any expression without `*` or a step in its
// minute and hour fields (`30 2 * * *`, `0 9,17 * * *`) a fixed-time job, as in Vixie cron: inside a
// spring-forward gap it fires at the first instant after the gap, and a wall time that occurs twice
// (fall back) fires once. Wildcard jobs skip gap times and see a repeated time twice; both of those
// runs carry the same period key, so the job ledger still runs the period once.
const jobs = new Map<string, Cron>();
function job(source: string, tz: string): Cron {
  const key = `${tz} ${source}`;
  let j = jobs.get(key);
  if (!j) {
    j = new Cron(source, { timezone: tz, paused: true, mode: '5-part', fixedTimeRule: 'no-wildcard' });
    jobs.set(key, j);
  }
  return j;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The occurrence at `at`, keyed by the wall time it was scheduled for: the local wall time, or for a run
 * moved out of a DST gap (03:00 for a 02:30 schedule) the latest scheduled wall time before it, which
 * croner finds on a zone-less (UTC) reading of the same expression.
 */
function fire(spec: CronSpec, tz: string, at: number): Fire {
  const local = wallAsUtc(at, tz);
  const scheduled =
    job(spec.source, 'UTC')
      .previousRuns(1, new Date(local + 1))[0]
      ?.getTime() ?? local;
  const date = iso(scheduled).slice(0, 10);
  const time = iso(scheduled).slice(11, 16);
  return { at, periodKey: `${date}T${time}[${tz}]`, wall: `${date} ${time}` };
}

/** The most recent occurrence at or before `now`, or undefined when the schedule never fired. */
export function previousFire(spec: CronSpec, tz: string, now: number): Fire | undefined {
  // croner's previous run is strictly before its argument; one millisecond on makes `now` itself count.
  const p = job(spec.source, tz).previousRuns(1, new Date(now + 1))[0];
  return p ? fire(spec, tz, p.getTime()) : undefined;
}

/** The first occurrence strictly after `now`, or undefined when the schedule never fires again. */
export function nextFire(spec: CronSpec, tz: string, now: number): Fire | undefined {
  const n = job(spec.source, tz).nextRun(new Date(now));
  return n ? fire(spec, tz, n.getTime()) : undefined;
}
