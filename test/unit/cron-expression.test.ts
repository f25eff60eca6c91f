import { describe, expect, it } from 'vitest';
import { parseCron, parseSchedule } from '../../src/cron-expression.js';

describe('cron expressions', () => {
  it.each([
    '0 9 1 * *',
    '*/15 8-17 * * mon-fri',
    '0 9 * jan-mar,oct 0-7',
    '0 9 * * wed',
    '0 9 * jul *',
    '1-30/2 9 * * *',
    '0 9 L * *',
    '0 9 1,L * *',
    '0 9 LW * *',
    '0 9 15W * *',
    '0 18 * * 5L',
    '0 9 * * 5#2',
    '0 9 * * 1#1,3#3',
    '0 9 * * 7#1',
  ])('accepts %s', (cron) => {
    expect(parseSchedule(cron).source).toBe(cron);
  });

  it.each([
    ['61 * * * *', 'minute 61 out of range 0-59'],
    ['0 24 * * *', 'hour 24 out of range 0-23'],
    ['0 9 0 * *', 'day-of-month 0 out of range 1-31'],
    ['0 9 * * 8', 'day-of-week 8 out of range 0-7'],
    ['0 9 * * 5-1', 'day-of-week range 5-1 is backwards'],
    ['*/61 * * * *', 'minute step 61 is larger than the field (at most 60)'],
    ['0 9 * * */8', 'day-of-week step 8 is larger than the field (at most 7)'],
    ['5/15 * * * *', 'minute "5/15" is malformed; write */15 or 5-59/15'],
    ['0 9 ? * *', 'day-of-month "?" is not a number'],
    ['@monthly', 'expected 5 fields'],
    // croner refuses these; node-cron would run them.
    [
      '0 9 L-3 * *',
      'day-of-month "L-3" is not supported; use L (last day), LW (last weekday) or a day with W',
    ],
    ['0 9 1W,15 * *', 'day-of-month "1W" is not supported'],
    ['0 9 32W * *', 'day-of-month 32 out of range 1-31'],
    [
      '0 9 * * 6L-1',
      'day-of-week "6L-1" is not supported; use a weekday with L (the last one, e.g. 5L) or with #1-#5',
    ],
    ['0 9 * * 5#6', 'day-of-week "5#6" is not supported'],
    ['0 9 * * fri#2', 'day-of-week "fri#2" is not supported'],
    ['0 9 * 5L *', 'month "5L" is not a number'],
    ['0 9 * * 15W', 'day-of-week "15W" is not supported'],
  ])('rejects %s with "%s"', (cron, message) => {
    expect(() => parseSchedule(cron)).toThrow(message);
  });

  it('refuses to schedule an expression restricting both day fields, which node-cron reads differently', () => {
    // Classic cron (and croner) fire on the 13th or on a Friday; node-cron only on a Friday the 13th.
    expect(parseCron('0 0 13 * 5').bothDaysRestricted).toBe(true);
    expect(() => parseSchedule('0 0 13 * 5')).toThrow(
      'day-of-month and day-of-week are both restricted; cron runs on days matching either, node-cron only on days matching both',
    );
    expect(() => parseSchedule('0 0 */2 * 1')).toThrow('both restricted');
    expect(() => parseSchedule('0 0 L * 5#2')).toThrow('both restricted');
  });
});
