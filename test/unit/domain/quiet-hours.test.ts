import { describe, expect, it } from 'vitest';
import { inQuietHours, quietUntil } from '../../../src/domain/quiet-hours.js';

const night = { start: '19:00', end: '08:00' };
const utc = (hhmm: string) => Date.parse(`2026-01-05T${hhmm}:00Z`);

describe('inQuietHours', () => {
  it('is quiet from start until just before end across midnight', () => {
    expect(inQuietHours(utc('19:00'), 'UTC', night)).toBe(true);
    expect(inQuietHours(utc('23:59'), 'UTC', night)).toBe(true);
    expect(inQuietHours(utc('07:59'), 'UTC', night)).toBe(true);
    expect(inQuietHours(utc('08:00'), 'UTC', night)).toBe(false);
    expect(inQuietHours(utc('18:59'), 'UTC', night)).toBe(false);
  });

  it('handles a window within one day', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(inQuietHours(utc('12:30'), 'UTC', lunch)).toBe(true);
    expect(inQuietHours(utc('13:00'), 'UTC', lunch)).toBe(false);
  });

  it('reads the wall clock in the configured time zone', () => {
    // 18:30 UTC is 19:30 in Berlin (winter): quiet there, not in UTC.
    expect(inQuietHours(utc('18:30'), 'Europe/Berlin', night)).toBe(true);
    expect(inQuietHours(utc('18:30'), 'UTC', night)).toBe(false);
  });

  it('is never quiet without quiet hours', () => {
    expect(inQuietHours(utc('03:00'), 'UTC', undefined)).toBe(false);
  });

  it('says when the quiet hours end, the next morning or later the same day', () => {
    expect(quietUntil(utc('22:30'), 'UTC', night)).toBe(utc('08:00') + 86_400_000);
    expect(quietUntil(utc('03:00'), 'UTC', night)).toBe(utc('08:00'));
    expect(quietUntil(utc('09:00'), 'UTC', night)).toBeUndefined();
    // 08:00 in Berlin (winter) is 07:00 UTC.
    expect(quietUntil(utc('05:00'), 'Europe/Berlin', night)).toBe(utc('07:00'));
  });
});
