// Ack latency of /deploy-check (50 concurrent, each opening a full thread in its own channel) and of checkbox
// clicks (200 concurrent), the bot and a bare Bolt app each in its own process, every request timed by this
// client, against the Slack stand-in's post limit (the thread timings are in release-thread.bench.ts).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { startFakeSlack } from '../src/sandbox/slack-web-api.js';
import {
  checkboxPayload,
  clickTargets,
  commandBody,
  SIGNING_SECRET,
  sign,
} from '../test/helpers/slack-harness.js';
import { spawnBot } from '../test/helpers/spawn-bot.js';
import { type BenchReport, percentile, row } from './report.js';
import { SLACK_POST_LIMIT } from './slack-stand-in.js';

const COMMANDS = 50;
const CLICKS = 200;
const ROUNDS = 3;

// One connection pool per app, so neither reuses the other's sockets; idle sockets are dropped well
// before Node's 5 s server keep-alive timeout, which otherwise closes a socket just as a request reuses it.
const pools = new Map<string, Agent>();
const timed = (url: string, bodies: string[]) =>
  Promise.all(
    bodies.map(async (body) => {
      let dispatcher = pools.get(url);
      if (!dispatcher) pools.set(url, (dispatcher = new Agent({ keepAliveTimeout: 1_000 })));
      const t = performance.now();
      const r = await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
        body,
        dispatcher,
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
  // Slack's chat.postMessage limit, enforced: the bot's outbox meets 429s as it would in Slack.
  fake.limitPosts(SLACK_POST_LIMIT);
  const bot = await spawnBot({ apiUrl: fake.apiUrl, env: { LOG_LEVEL: 'warn' } });
  const bare = await startBare();
  try {
    // A thread to click on.
    await bot.post(
      commandBody('bench-api 1.0.0', { channel: 'CTIME', responseUrl: `${fake.url}/response/t` }),
    );
    while (fake.channelMessages('CTIME').length < 8) await new Promise((r) => setTimeout(r, 20));
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
          channel: `CB${n}`,
          responseUrl: `${fake.url}/response/b${n}`,
        }),
      );
    // Both apps get the same requests in the same order: one round each in turn, so load from the rest of
    // the machine falls on both alike. A warm-up round of each kind first (JIT, connections).
    const measure = async (make: () => string[]) => {
      const botMs: number[] = [];
      const bareMs: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const bodies = make();
        bareMs.push(...(await timed(bare.url, bodies)));
        botMs.push(...(await timed(bot.url, bodies)));
      }
      return { bot: botMs, bare: bareMs };
    };
    for (const make of [clicks, commands]) {
      const bodies = make();
      await timed(bare.url, bodies);
      await timed(bot.url, bodies);
    }
    const { bot: botClick, bare: bareClick } = await measure(clicks);
    const { bot: botCmd, bare: bareCmd } = await measure(commands);
    const cmdNote = `${COMMANDS} concurrent × ${ROUNDS}, each opening a full thread in its own channel; own processes; goal p99 ≤ 1.5×`;
    const clickNote = `${CLICKS} concurrent × ${ROUNDS}; own processes`;
    return {
      name: 'ack latency',
      rows: [
        row('slash command p50', percentile(botCmd, 50), percentile(bareCmd, 50), 'ms', cmdNote),
        row('slash command p99', percentile(botCmd, 99), percentile(bareCmd, 99), 'ms', cmdNote),
        row('checkbox click p50', percentile(botClick, 50), percentile(bareClick, 50), 'ms', clickNote),
        row('checkbox click p99', percentile(botClick, 99), percentile(bareClick, 99), 'ms', clickNote),
      ],
    };
  } finally {
    bot.child.kill('SIGKILL');
    bare.child.kill('SIGKILL');
    await fake.close();
    for (const p of pools.values()) await p.close();
    pools.clear();
    rmSync(bot.dir, { recursive: true, force: true });
  }
}
