import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { BOT_TOKEN, type Harness, startHarness } from '../../helpers/slack-harness.js';

describe('two bots on one database file (an overlapping start)', () => {
  let fake: FakeSlack;
  let bots: Harness[] = [];
  let dir = '';
  afterEach(async () => {
    for (const b of bots) await b.close();
    bots = [];
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('send each outbox row once between them', async () => {
    fake = await startFakeSlack({ token: BOT_TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-overlap-'));
    // Slow answers keep rows on the wire long enough for the other bot to look at them.
    fake.setLatency(50);
    bots = [await startHarness({ fake, dir }), await startHarness({ fake, dir })];
    await Promise.all([
      bots[0]!.command('payments-api 2.3.1', { channel: 'CONE' }),
      bots[1]!.command('search-api 1.0.0', { channel: 'CTWO' }),
    ]);
    for (let i = 0; i < 200 && fake.messages.size < 16; i++) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(bots.map((b) => b.settle()));
    for (const channel of ['CONE', 'CTWO']) {
      const parents = fake.channelMessages(channel).filter((m) => !m.threadTs);
      expect(parents).toHaveLength(1);
      expect(fake.thread(channel, parents[0]!.ts)).toHaveLength(7);
    }
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200)).toHaveLength(16);
  });
});
