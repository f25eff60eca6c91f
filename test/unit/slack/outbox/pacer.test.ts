import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../../src/slack/outbox/pacer.js';

describe('the outbox pacer', () => {
  const limit = { perMinute: 60, burst: 3 };
  const make = () => {
    let t = 1_000_000;
    const pacer = createPacer(() => t);
    return {
      pacer,
      advance: (ms: number) => {
        t += ms;
      },
    };
  };

  it('lets a full burst through at once, then refills at the lane rate', async () => {
    const { pacer, advance } = make();
    for (let i = 0; i < 3; i++) {
      expect(pacer.wait('post:C1', limit)).toBe(0);
      expect(await pacer.take('post:C1', limit)).toBe(0);
    }
    expect(pacer.wait('post:C1', limit)).toBe(1000);
    // A send chosen on an estimate that another send of the lane spent meanwhile is refused, not sent.
    expect(await pacer.take('post:C1', limit)).toBe(1000);
    expect(pacer.wait('post:C1', limit)).toBe(1000);
    // Another channel has its own bucket.
    expect(pacer.wait('post:C2', limit)).toBe(0);
    advance(1000);
    expect(pacer.wait('post:C1', limit)).toBe(0);
  });

  it('after a 429 waits Retry-After, then lets one request go and refills from there (no fresh burst)', async () => {
    const { pacer, advance } = make();
    await pacer.pause('post:C1', limit, 2000);
    expect(pacer.wait('post:C1', limit)).toBe(2000);
    advance(1500);
    expect(pacer.wait('post:C1', limit)).toBe(500);
    advance(500);
    expect(pacer.wait('post:C1', limit)).toBe(0);
    expect(await pacer.take('post:C1', limit)).toBe(0);
    expect(pacer.wait('post:C1', limit)).toBe(1000);
  });
});
