import type { NudgeSettings } from '../config.js';
import { wallAsUtc } from '../jobs/cron-periods.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * True when `instant` falls in the quiet hours in `timeZone`: [start, end), wrapping past midnight when
 * start > end (19:00–08:00 is quiet at 23:30 and at 07:59, not at 08:00).
 */
export function inQuietHours(
  instant: number,
  timeZone: string,
  quiet: NudgeSettings['quietHours'] | undefined,
): boolean {
  if (!quiet) return false;
  const now = Math.floor((wallAsUtc(instant, timeZone) % DAY) / MINUTE);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
