import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/cli/duration.js';

describe('duration flags', () => {
  it('reads 2h, 1h30m, 10s and 500ms and refuses anything else with the flag named', () => {
    expect([parseDuration('--timeout', '2h'), parseDuration('--t', '1h30m')]).toEqual([7_200_000, 5_400_000]);
    expect([parseDuration('--poll', '10s'), parseDuration('--poll', '500ms')]).toEqual([10_000, 500]);
    expect(() => parseDuration('--poll', '10')).toThrow('--poll: "10" is not a duration');
    expect(() => parseDuration('--poll', '0s')).toThrow('--poll must be longer than zero');
  });
});
