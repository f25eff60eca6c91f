// What people see of a new release thread, timed as a user would (the bot in its own process, against the
// Slack stand-in enforcing about 1 post/s per channel with a burst): command → the last message of the
// thread, and a tick on the first section, clicked while the rest of the thread is still arriving → that
// section updated in Slack.
import { rmSync } from 'node:fs';
import type { FakeSlack } from '../src/sandbox/slack-web-api.js';
import { startFakeSlack } from '../src/sandbox/slack-web-api.js';
import { checkboxPayload, commandBody, optionsOf } from '../test/helpers/slack-harness.js';
import { spawnBot } from '../test/helpers/spawn-bot.js';
import { type BenchReport, row } from './report.js';
import { SLACK_POST_LIMIT, slackPostFloorMs } from './slack-stand-in.js';

const THREAD = 8;
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const until = async (cond: () => boolean, ms = 30_000) => {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() > end) throw new Error('bench: timed out waiting for Slack');
};
const firstSection = (fake: FakeSlack, channel: string) => {
  const parent = fake.channelMessages(channel).find((m) => !m.threadTs);
  return parent ? fake.thread(channel, parent.ts)[0] : undefined;
};

export default async function (): Promise<BenchReport> {
  const fake = await startFakeSlack({ token: 'xoxb-test-token' });
  fake.limitPosts(SLACK_POST_LIMIT);
  const bot = await spawnBot({ apiUrl: fake.apiUrl, env: { LOG_LEVEL: 'warn' } });
  let seq = 0;
  const command = (channel: string) =>
    bot.post(commandBody(`bench-api 1.0.${++seq}`, { channel, responseUrl: `${fake.url}/response/r${seq}` }));
  /** Ticks the first item of the first section; resolves with the ms until Slack shows it ticked. */
  const tickFirst = async (channel: string) => {
    const m = firstSection(fake, channel)!;
    const blockId = String(m.blocks.find((b) => String(b.block_id).startsWith('g|'))!.block_id);
    const value = optionsOf(m, blockId).options[0]!.value;
    const t = performance.now();
    const body = new URLSearchParams({
      payload: JSON.stringify(checkboxPayload(m, 'UBENCH', blockId, [value])),
    });
    await bot.post(body.toString());
    await until(() => optionsOf(fake.messages.get(`${channel}/${m.ts}`)!, blockId).selected.includes(value));
    return { ms: performance.now() - t, arriving: fake.channelMessages(channel).length < THREAD };
  };
  try {
    // Warm-up (JIT, connections), then each round in a fresh, quiet channel.
    await command('CWARM');
    await until(() => fake.channelMessages('CWARM').length === THREAD);
    const threadMs: number[] = [];
    const clickMs: number[] = [];
    const quietClickMs: number[] = [];
    let arriving = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const t = `CTHREAD${r}`;
      const t0 = performance.now();
      await command(t);
      await until(() => fake.channelMessages(t).length === THREAD);
      threadMs.push(performance.now() - t0);
      // Baseline click: the same tick on a thread that has fully arrived.
      quietClickMs.push((await tickFirst(t)).ms);

      const c = `CCLICK${r}`;
      await command(c);
      await until(() => firstSection(fake, c) !== undefined);
      const click = await tickFirst(c);
      clickMs.push(click.ms);
      if (click.arriving) arriving++;
      // Every round uses channels of its own: their post limits (the stand-in's and the bot's) start full.
      await until(() => fake.channelMessages(c).length === THREAD);
    }
    const limit = `stand-in: ${SLACK_POST_LIMIT.perSecond} post/s per channel, burst ${SLACK_POST_LIMIT.burst}, 429 beyond`;
    return {
      name: 'release thread',
      rows: [
        row(
          'command → last thread message (median)',
          median(threadMs),
          slackPostFloorMs(THREAD),
          'ms',
          `${THREAD} posts; baseline: what the limit alone allows; goal ≤ 2500 ms; ${limit}`,
        ),
        row(
          'click while thread arriving → updated (median)',
          median(clickMs),
          median(quietClickMs),
          'ms',
          `baseline: the same click on a complete thread; ${arriving}/${ROUNDS} clicks landed while posts were pending; goal ≤ 1500 ms`,
        ),
      ],
    };
  } finally {
    bot.child.kill('SIGKILL');
    await fake.close();
    rmSync(bot.dir, { recursive: true, force: true });
  }
}
