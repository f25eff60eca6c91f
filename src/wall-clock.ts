// Wall-clock arithmetic in an IANA time zone with Intl only: shared by the scheduler's cron periods and the
// nudges' quiet hours, so it sits on the ground floor and imports nothing of ours.
const MINUTE = 60_000;
const DAY = 86_400_000;

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
export function wallAsUtc(instant: number, tz: string): number {
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
