// Not a bench (no *.bench.ts): profiles the bot process serving bursts of signed requests, to find where CPU
// goes per click or command. `npx tsx bench/profile-acks.ts clicks|commands OUT` writes OUT.0.cpuprofile and
// OUT.0.cpu.json (process.cpuUsage over the measured bursts; bench/profile-hook.mjs, preloaded in the bot,
// starts and stops both on SIGUSR2); `node bench/profile-summary.mjs OUT.0 REQUESTS` sums them per request.
// Clicks: 10 threads, 500 Home visitors, 3 storms of 100 ticks + 20 refused Approves. Commands: 3 × 50.
import { rmSync } from 'node:fs';
import { openDatabase } from '../src/db/client.js';
import { startFakeSlack } from '../src/sandbox/slack-web-api.js';
import { checkboxPayload, clickTargets, commandBody, nextTrigger } from '../test/helpers/slack-harness.js';
import { spawnBot } from '../test/helpers/spawn-bot.js';
import { approvePayload } from './approve-payload.js';
import { SLACK_POST_LIMIT } from './slack-stand-in.js';
import { seedHomeVisitors } from './workspace-seed.js';

const [mode = 'clicks', out = '/tmp/prof'] = process.argv.slice(2);
const RELEASES = 10;
const ROUNDS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 60_000) => {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; ) await sleep(20);
};

const fake = await startFakeSlack({ token: 'xoxb-test-token', ratePerMinute: { 'views.publish': 100 } });
fake.limitPosts(SLACK_POST_LIMIT);
const bot = await spawnBot({
  apiUrl: fake.apiUrl,
  env: {
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: `--import ${new URL('./profile-hook.mjs', import.meta.url).pathname}`,
    PROF_OUT: out,
  },
  configYaml: 'timezone: UTC\napprovers: { release: [UREL1] }\n',
});
const form = (p: unknown) => new URLSearchParams({ payload: JSON.stringify(p) }).toString();
const toggle = () => bot.child.kill('SIGUSR2');
let requests = 0;
if (mode === 'clicks') {
  for (let i = 0; i < RELEASES; i++)
    await bot.post(commandBody(`svc-${i} 1.0.0`, { user: `U${i}`, channel: `CWS${i}` }));
  await until(() =>
    Array.from({ length: RELEASES }, (_, i) => fake.channelMessages(`CWS${i}`).length).every((n) => n === 8),
  );
  const parents = Array.from(
    { length: RELEASES },
    (_, i) => fake.channelMessages(`CWS${i}`).find((m) => !m.threadTs)!,
  );
  const targets = parents.flatMap((p) => clickTargets(fake, p.channel, p.ts));
  const db = await openDatabase(bot.dbPath, { migrate: false });
  await seedHomeVisitors(
    db.db,
    bot.dir,
    Array.from({ length: 500 }, (_, i) => `U${i}`),
  );
  await db.close();
  const approve = (k: number, user: string) => approvePayload(parents[k % RELEASES]!, user);

  // A warm-up storm (JIT), then the measured ones: 100 ticks + 20 refused Approves at once, like the bench.
  let n = 0;
  const storm = () =>
    Promise.all([
      ...Array.from({ length: 100 }, (_, k) => {
        const x = targets[(n + k * 7) % targets.length]!;
        return bot.post(form(checkboxPayload(x.m, `U${k % 20}`, x.blockId, [x.value])));
      }),
      ...Array.from({ length: 20 }, (_, k) => bot.post(form(approve(k, `UR${n}-${k}`)))),
    ]).then(() => void (n += 13));
  await storm();
  await sleep(3_000);
  toggle();
  await sleep(200);
  for (let r = 0; r < ROUNDS; r++) {
    await storm();
    requests += 120;
    await sleep(2_000);
  }
} else {
  let n = 0;
  const burst = () =>
    Promise.all(
      Array.from({ length: 50 }, () =>
        bot.post(
          commandBody(`bench-api 1.0.${++n}`, {
            channel: `CB${n}`,
            responseUrl: `${fake.url}/response/b${n}`,
          }),
        ),
      ),
    );
  await burst();
  await sleep(5_000);
  toggle();
  await sleep(200);
  for (let r = 0; r < ROUNDS; r++) {
    await burst();
    requests += 50;
    await sleep(4_000);
  }
}
toggle();
await sleep(1_500);
console.log(JSON.stringify({ mode, requests }));
bot.child.kill('SIGKILL');
await fake.close();
rmSync(bot.dir, { recursive: true, force: true });
process.exit(0);
