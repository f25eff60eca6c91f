import { describe, expect, it } from 'vitest';
import { createInteractivity } from '../../../src/sandbox/slack-interactivity.js';

describe('trigger_ids and response_urls', () => {
  it('a trigger_id is no longer accepted 3 s after it was issued', () => {
    let now = 1_000_000;
    const i = createInteractivity(() => now);
    const trigger = i.issueTrigger('U0OWNER');
    now += 3_001;
    expect(i.consumeTrigger(trigger)).toEqual({ ok: false, error: 'expired_trigger_id' });
  });

  it('a trigger_id used within 3 s opens a view for the person it was issued to', () => {
    let now = 1_000_000;
    const i = createInteractivity(() => now);
    const trigger = i.issueTrigger('U0OWNER');
    now += 2_900;
    expect(i.consumeTrigger(trigger)).toEqual({ ok: true, user: 'U0OWNER' });
  });

  it('a response_url expires after 30 minutes', () => {
    let now = 1_000_000;
    const i = createInteractivity(() => now);
    const token = i.issueResponseToken({ user: 'U0OWNER', channel: 'C0REL' });
    now += 30 * 60_000 + 1;
    expect(i.useResponseToken(token)).toEqual({ ok: false, error: 'expired_url' });
  });
});
