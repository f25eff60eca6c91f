import type { NudgeSettings } from '../config.js';
import { wallAsUtc, wallToInstant } from '../wall-clock.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * When the quiet hours `instant` falls in end (epoch ms), or undefined when it is not quiet. Quiet is
 * [start, end) in `timeZone`, wrapping past midnight when start > end: 19:00–08:00 is quiet at 23:30 and
 * at 07:59, not at 08:00.
 */
export function quietUntil(
  instant: number,
  timeZone: string,
  quiet: Pick<NonNullable<NudgeSettings['quietHours']>, 'start' | 'end'> | undefined,
): number | undefined {
  if (!quiet) return undefined;
  const wall = wallAsUtc(instant, timeZone);
  const now = Math.floor((wall % DAY) / MINUTE);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const quietNow = start < end ? now >= start && now < end : now >= start || now < end;
  if (!quietNow) return undefined;
  const endWall = wall - (wall % DAY) + end * MINUTE + (now >= end ? DAY : 0);
  return wallToInstant(endWall, timeZone);
}

export const inQuietHours = (...a: Parameters<typeof quietUntil>) => quietUntil(...a) !== undefined;
