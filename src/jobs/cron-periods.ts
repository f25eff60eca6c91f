import { type CronSpec, matchesDay } from '../cron-expression.js';

/** One scheduled occurrence: the instant it fires and the wall-clock time it was scheduled for. */
export interface Fire {
  /** Epoch ms at which the occurrence fires (for a wall time in a DST gap: the first instant after it). */
  readonly at: number;
  /** The scheduled local wall-clock time plus zone, e.g. `2026-03-01T09:00[Europe/Berlin]`: the exactly-once key. */
  readonly periodKey: string;
  /** `2026-03-01 09:00` for messages. */
  readonly wall: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
// Long enough for "29 February on a Monday"-style schedules; anything rarer is treated as never firing.
const MAX_DAYS = 366 * 28;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall clock in `tz` at `instant`, expressed as if it were UTC (so plain arithmetic works on it). */
function wallAsUtc(instant: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(instant)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
}

const offsetAt = (instant: number, tz: string) =>
  wallAsUtc(instant, tz) - Math.floor(instant / MINUTE) * MINUTE;

/**
 * The instant of a wall-clock time (given as if UTC) in `tz`. A repeated time (fall-back) resolves to its
 * first occurrence; a time inside a spring-forward gap resolves to the first instant after the gap.
 */
export function wallToInstant(wall: number, tz: string): number {
  const before = offsetAt(wall - DAY, tz);
  const after = offsetAt(wall + DAY, tz);
  const valid = [wall - before, wall - after].filter((t) => wallAsUtc(t, tz) === wall);
  if (valid.length) return Math.min(...valid);
  // In a gap: find the transition (offset switches from `before` to `after`) by bisection on minutes.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, tz) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

const pad = (n: number) => String(n).padStart(2, '0');
function fire(wall: number, tz: string): Fire {
  const d = new Date(wall);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return { at: wallToInstant(wall, tz), periodKey: `${date}T${time}[${tz}]`, wall: `${date} ${time}` };
}

/** Candidate wall times of one civil day, in the requested order. */
function* wallTimes(spec: CronSpec, dayStart: number, dir: 1 | -1) {
  const hours = dir === 1 ? spec.hours : [...spec.hours].reverse();
  const minutes = dir === 1 ? spec.minutes : [...spec.minutes].reverse();
  for (const h of hours) for (const m of minutes) yield dayStart + h * 3_600_000 + m * MINUTE;
}

// DST moves wall time against real time by at most a few hours, so wall times further than this from
// the current wall time cannot be on the wrong side of `now` and need no (costly) zone lookup.
const SLACK = 3 * 3_600_000;

function search(spec: CronSpec, tz: string, now: number, dir: 1 | -1): Fire | undefined {
  const nowWall = wallAsUtc(now, tz);
  const today = Math.floor(nowWall / DAY) * DAY;
  // Start one day "behind" so that a fall-back or gap around midnight is still seen.
  for (let k = -1; k <= MAX_DAYS; k++) {
    const day = today + dir * k * DAY;
    const d = new Date(day);
    if (!matchesDay(spec, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())) continue;
    for (const wall of wallTimes(spec, day, dir)) {
      if (dir === -1 ? wall > nowWall + SLACK : wall < nowWall - SLACK) continue;
      const f = fire(wall, tz);
      if (dir === -1 ? f.at <= now : f.at > now) return f;
    }
  }
  return undefined;
}

/** The most recent occurrence at or before `now`, or undefined when the schedule never fired in ~28 years. */
export const previousFire = (spec: CronSpec, tz: string, now: number) => search(spec, tz, now, -1);
/** The first occurrence strictly after `now`. */
export const nextFire = (spec: CronSpec, tz: string, now: number) => search(spec, tz, now, 1);
