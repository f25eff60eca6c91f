import { afterEach, describe, expect, it } from 'vitest';
import {
  BOT_TOKEN,
  type Harness,
  optionsOf,
  releaseThread,
  SIGNING_SECRET,
  startHarness,
} from '../../helpers/slack-harness.js';

describe('logs', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('are JSON with a request ID per interaction and never contain tokens or the signing secret', async () => {
    const lines: string[] = [];
    h = await startHarness({ logLines: lines });
    h.fake.failNext('chat.update', { error: 'invalid_auth' });
    await h.command('payments-api 2.3.1');
    await h.settle();
    const security = releaseThread(h.fake).section('Security');
    const blockId = String(security.blocks[3]!.block_id);
    await h.tick(security, 'UALICE', blockId, [optionsOf(security, blockId).options[0]!.value]);
    await h.settle();
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const interactions = records.filter((r) => r.msg === 'interaction handled');
    expect(interactions.map((r) => r.type).sort()).toEqual(['block_actions', 'slash_command']);
    for (const r of interactions) expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const all = lines.join('\n');
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(records.some((r) => String(r.msg).includes('Slack write failed'))).toBe(true);
  });
});
