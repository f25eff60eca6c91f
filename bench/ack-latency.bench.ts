// Ack latency of /deploy-check and of a checkbox click at 50 concurrent requests, next to a bare Bolt app
// that only acks (same receiver, same signature checks), measured in the same run.
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import {
  optionsOf,
  releaseThread,
  SIGNING_SECRET,
  sign,
  startHarness,
} from '../test/helpers/slack-harness.js';
import { type BenchReport, row } from './report.js';

const CONCURRENCY = 50;
const ROUNDS = 4;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function burst(url: string, bodies: string[]): Promise<number[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const t = performance.now();
      const r = await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
        body,
      });
      await r.text();
      return performance.now() - t;
    }),
  );
}

export default async function (): Promise<BenchReport> {
  const bare = new App({
    token: 'xoxb-bare',
    signingSecret: SIGNING_SECRET,
    tokenVerificationEnabled: false,
    botId: 'B',
    botUserId: 'U',
  });
  bare.command('/deploy-check', async ({ ack }) => ack());
  bare.action('item_toggle', async ({ ack }) => ack());
  const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;

  const h = await startHarness({ configYaml: 'timezone: UTC\n' });
  await h.command('bench-api 1.0.0');
  await h.settle();
  const security = releaseThread(h.fake).section('Security');
  const blockId = String(security.blocks[3]!.block_id);
  const values = optionsOf(security, blockId).options.map((o) => o.value);

  let n = 0;
  const cmdBody = () =>
    new URLSearchParams({
      command: '/deploy-check',
      text: `bench-api 1.0.${++n}`,
      user_id: 'UB',
      user_name: 'b',
      channel_id: 'CREL',
      trigger_id: `bt-${n}`,
      response_url: `${h.fake.url}/response/b${n}`,
      team_id: 'T1',
    }).toString();
  const clickBody = () =>
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: `U${++n % 20}`, name: 'b' },
        trigger_id: `bc-${n}`,
        channel: { id: 'CREL' },
        message: { type: 'message', ts: security.ts, thread_ts: security.threadTs, blocks: security.blocks },
        actions: [
          {
            type: 'checkboxes',
            action_id: 'item_toggle',
            block_id: blockId,
            selected_options: [{ value: values[n % values.length] }],
            action_ts: `${n}`,
          },
        ],
      }),
    }).toString();

  const measure = async (url: string, make: () => string) => {
    const all: number[] = [];
    for (let r = 0; r < ROUNDS; r++)
      all.push(...(await burst(url, Array.from({ length: CONCURRENCY }, make))));
    return all;
  };
  // warm-up both
  await measure(bareUrl, cmdBody);
  await measure(h.url, clickBody);
  const bareCmd = await measure(bareUrl, cmdBody);
  const botCmd = await measure(h.url, cmdBody);
  const bareClick = await measure(bareUrl, clickBody);
  const botClick = await measure(h.url, clickBody);
  await h.settle();
  await h.close();
  await bare.stop();
  const note = `${CONCURRENCY} concurrent × ${ROUNDS}`;
  return {
    name: 'ack latency',
    rows: [
      row('slash command p50', pct(botCmd, 50), pct(bareCmd, 50), 'ms', note),
      row('slash command p99', pct(botCmd, 99), pct(bareCmd, 99), 'ms', note),
      row('checkbox click p50', pct(botClick, 50), pct(bareClick, 50), 'ms', note),
      row('checkbox click p99', pct(botClick, 99), pct(bareClick, 99), 'ms', note),
    ],
  };
}
