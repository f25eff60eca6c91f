import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releases } from '../../../src/db/schema.js';
import { type Harness, optionsOf, releaseThread, startHarness } from '../../helpers/slack-harness.js';

describe('GET /metrics and the Export record button', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.command('payments-api 2.3.1');
    await h.settle();
  });
  afterEach(async () => {
    await h.close();
  });

  it('counts interactions, ack latency and Slack API calls in Prometheus format', async () => {
    const security = releaseThread(h.fake).section('Security');
    const blockId = String(security.blocks[3]!.block_id);
    await h.tick(security, 'UALICE', blockId, [optionsOf(security, blockId).options[0]!.value]);
    await h.settle();
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toMatch(
      /deploy_check_interactions_total\{[^}]*type="slash_command"[^}]*outcome="ok"[^}]*\} 1/,
    );
    expect(text).toMatch(/deploy_check_interactions_total\{[^}]*type="block_action"[^}]*\} 1/);
    expect(text).toMatch(/deploy_check_ack_latency_seconds_count\{type="slack_events"\} 2/);
    expect(text).toMatch(
      /deploy_check_slack_api_calls_total\{[^}]*method="chat.postMessage"[^}]*outcome="ok"[^}]*\} 8/,
    );
    expect(text).toMatch(/deploy_check_releases\{status="open"\} 1/);
  });

  it('shares the full audit record as a markdown file in the thread', async () => {
    const { parent } = releaseThread(h.fake);
    const id = (await h.bot.database.db.select().from(releases).get())!.id;
    const security = releaseThread(h.fake).section('Security');
    const blockId = String(security.blocks[3]!.block_id);
    await h.tick(security, 'UALICE', blockId, [optionsOf(security, blockId).options[0]!.value]);
    await h.settle();
    await h.click(parent, 'UBOB', 'release:export', 'release_actions', id);
    await h.settle();
    const file = h.fake.files.at(-1);
    expect(file).toMatchObject({
      shared: true,
      channel: 'CREL',
      threadTs: parent.ts,
      filename: `payments-api-2.3.1-production-${id}.md`,
    });
    expect(file?.content).toContain('payments-api');
    expect(file?.content).toContain('SECRET_KEY');
    expect(file?.content).toMatch(/alice|UALICE/);
  });
});
