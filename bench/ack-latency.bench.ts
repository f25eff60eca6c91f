// Ack latency of /deploy-check (50 concurrent, each opening a full thread) and of checkbox clicks (200
// concurrent), the bot and a bare Bolt app each in its own process, every request timed by this client;
// plus the time from a command to the last message of its thread against a Slack that allows 1 post/s.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startFakeSlack } from '../src/sandbox/slack-web-api.js';
import {
  checkboxPayload,
  clickTargets,
  commandBody,
  SIGNING_SECRET,
  sign,
} from '../test/helpers/slack-harness.js';
import { spawnBot } from '../test/helpers/spawn-bot.js';
import { type BenchReport, row } from './report.js';

const COMMANDS = 50;
const CLICKS = 200;
const ROUNDS = 3;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

const timed = (url: string, bodies: string[]) =>
  Promise.all(
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

async function startBare() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-bolt-app.ts', SIGNING_SECRET], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d) => resolve(String(d).trim())),
  );
  return { child, url: `http://127.0.0.1:${port}` };
}

export default async function (): Promise<BenchReport> {
  const fake = await startFakeSlack({ token: 'xoxb-test-token' });
  // Slack's chat.postMessage limit, enforced: the thread timing below is against the real pace.
  fake.limitPosts({ perSecond: 1 });
  const bot = await spawnBot({ apiUrl: fake.apiUrl, env: { LOG_LEVEL: 'warn' } });
  const bare = await startBare();
  try {
    // Command → last thread message (8 posts: a parent and 7 sections), on a quiet bot.
    const t0 = performance.now();
    await bot.post(
      commandBody('bench-api 1.0.0', { channel: 'CTIME', responseUrl: `${fake.url}/response/t` }),
    );
    while (fake.channelMessages('CTIME').length < 8) await new Promise((r) => setTimeout(r, 20));
    const threadMs = performance.now() - t0;
    const parent = fake.channelMessages('CTIME').find((m) => !m.threadTs)!;
    const targets = clickTargets(fake, 'CTIME', parent.ts);

    let n = 0;
    const clicks = () =>
      Array.from({ length: CLICKS }, () => {
        const t = targets[n++ % targets.length]!;
        return new URLSearchParams({
          payload: JSON.stringify(checkboxPayload(t.m, `U${n % 20}`, t.blockId, [t.value])),
        }).toString();
      });
    const commands = () =>
      Array.from({ length: COMMANDS }, () =>
        commandBody(`bench-api 1.0.${++n}`, {
          channel: `CB${n % 10}`,
          responseUrl: `${fake.url}/response/b${n}`,
        }),
      );
    const measure = async (url: string, make: () => string[]) => {
      const all: number[] = [];
      for (let r = 0; r < ROUNDS; r++) all.push(...(await timed(url, make())));
      return all;
    };
    // Warm-up both processes (JIT, connections), then measure alternately.
    await measure(bare.url, clicks);
    await measure(bot.url, clicks);
    const bareClick = await measure(bare.url, clicks);
    const botClick = await measure(bot.url, clicks);
    const bareCmd = await measure(bare.url, commands);
    const botCmd = await measure(bot.url, commands);
    const cmdNote = `${COMMANDS} concurrent × ${ROUNDS}, each opening a full thread; own processes`;
    const clickNote = `${CLICKS} concurrent × ${ROUNDS}; own processes`;
    return {
      name: 'ack latency',
      rows: [
        row('slash command p50', pct(botCmd, 50), pct(bareCmd, 50), 'ms', cmdNote),
        row('slash command p99', pct(botCmd, 99), pct(bareCmd, 99), 'ms', cmdNote),
        row('checkbox click p50', pct(botClick, 50), pct(bareClick, 50), 'ms', clickNote),
        row('checkbox click p99', pct(botClick, 99), pct(bareClick, 99), 'ms', clickNote),
        // Baseline: what Slack's limit alone allows for 8 posts at 1/s after the first.
        row('command → last thread message', threadMs, 7_000, 'ms', 'Slack enforcing 1 post/s per channel'),
      ],
    };
  } finally {
    bot.child.kill('SIGKILL');
    bare.child.kill('SIGKILL');
    await fake.close();
    rmSync(bot.dir, { recursive: true, force: true });
  }
}
