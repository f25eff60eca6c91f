// A busy workspace: 500 people who opened the Home lately, 10 releases ticked at once by 20 people while
// others press Approve without the right to (each gets a refusal as an ephemeral). The bot runs in its
// own process against the Slack stand-in (1 post/s per channel with a burst; views.publish limited to
// Tier 4, 100/min). Timed as people see it: refusal on screen, tick on screen, every Home current again.
import { rmSync } from 'node:fs';
import { openDatabase } from '../src/db/client.js';
import { outbox } from '../src/db/schema.js';
import { type FakeMessage, startFakeSlack } from '../src/sandbox/slack-web-api.js';
import {
  checkboxPayload,
  clickTargets,
  commandBody,
  nextTrigger,
  optionsOf,
} from '../test/helpers/slack-harness.js';
import { spawnBot } from '../test/helpers/spawn-bot.js';
import { approvePayload } from './approve-payload.js';
import { type BenchReport, row } from './report.js';
import { SLACK_POST_LIMIT } from './slack-stand-in.js';
import { seedHomeVisitors } from './workspace-seed.js';

const RELEASES = 10;
const TICKERS = 20;
const TICKS_EACH = 5;
const REFUSED = 20;
const VISITORS = 500;
const TIER4 = 100;
/** The Home goal: none more than two minutes behind the database. */
const HOME_GOAL_MS = 120_000;
const BOUND_MS = 40_000;

const until = async (cond: () => boolean | Promise<boolean>, ms = 30_000) => {
  for (const end = Date.now() + ms; !(await cond()); await new Promise((r) => setTimeout(r, 10)))
    if (Date.now() > end) return false;
  return true;
};

export default async function (): Promise<BenchReport> {
  const fake = await startFakeSlack({ token: 'xoxb-test-token', ratePerMinute: { 'views.publish': TIER4 } });
  fake.limitPosts(SLACK_POST_LIMIT);
  const bot = await spawnBot({
    apiUrl: fake.apiUrl,
    env: { LOG_LEVEL: 'warn' },
    configYaml: 'timezone: UTC\napprovers: { release: [UREL1] }\n',
  });
  const db = await openDatabase(bot.dbPath, { migrate: false });
  const form = (p: unknown) => new URLSearchParams({ payload: JSON.stringify(p) }).toString();
  const seen = new Map<string, number>();
  const stopWatching = fake.onChange(() => {
    const at = performance.now();
    for (const e of fake.ephemeralMessages) if (!seen.has(`e:${e.user}`)) seen.set(`e:${e.user}`, at);
  });
  try {
    for (let i = 0; i < RELEASES; i++)
      await bot.post(commandBody(`svc-${i} 1.0.0`, { user: `U${i}`, channel: `CWS${i}` }));
    await until(() =>
      Array.from({ length: RELEASES }, (_, i) => fake.channelMessages(`CWS${i}`).length).every(
        (n) => n === 8,
      ),
    );
    const parents = Array.from(
      { length: RELEASES },
      (_, i) => fake.channelMessages(`CWS${i}`).find((m) => !m.threadTs)!,
    );
    const targets = parents.flatMap((p) => clickTargets(fake, p.channel, p.ts));

    // Baselines on a quiet workspace (no Home visitors yet): one refusal, one tick.
    let t = performance.now();
    await bot.post(form(approvePayload(parents[0]!, 'UQUIET')));
    await until(() => seen.has('e:UQUIET'));
    const quietEphemeral = seen.get('e:UQUIET')! - t;
    const shown = (x: (typeof targets)[number]) =>
      optionsOf(fake.messages.get(`${x.m.channel}/${x.m.ts}`)!, x.blockId).selected.includes(x.value);
    const quietTarget = targets.at(-1)!;
    t = performance.now();
    await bot.post(form(checkboxPayload(quietTarget.m, 'UQUIET', quietTarget.blockId, [quietTarget.value])));
    const quietAck = performance.now() - t;
    await until(() => shown(quietTarget));
    const quietTick = performance.now() - t;

    await seedHomeVisitors(
      db.db,
      bot.dir,
      Array.from({ length: VISITORS }, (_, i) => `U${i}`),
    );
    const publishesBefore = fake.calls.filter((c) => c.method === 'views.publish').length;

    // The storm, every click sent at once: each person ticks items of one section (two people per release,
    // each on their own section), and others press Approve without the right to.
    const ticks = Array.from({ length: TICKERS * TICKS_EACH }, (_, k) => {
      const person = k % TICKERS;
      const parent = parents[person % RELEASES]!;
      const section = fake.thread(parent.channel, parent.ts)[Math.floor(person / RELEASES)]!;
      const own = targets.filter((x) => x.m.ts === section.ts);
      return { user: `U${person}`, target: own[Math.floor(k / TICKERS) % own.length]! };
    });
    const stormAt = performance.now();
    const stormWall = Date.now();
    const refusedAck = new Map<number, number>();
    const tickDone = new Map<number, number>();
    const watchTicks = fake.onChange(() => {
      const at = performance.now();
      ticks.forEach((x, k) => {
        if (!tickDone.has(k) && shown(x.target)) tickDone.set(k, at);
      });
    });
    const sent = await Promise.all([
      ...ticks.map(async (x) => {
        await bot.post(form(checkboxPayload(x.target.m, x.user, x.target.blockId, [x.target.value])));
        return performance.now();
      }),
      ...Array.from({ length: REFUSED }, (_, k) =>
        bot.post(form(approvePayload(parents[k % RELEASES]!, `UR${k}`))).then(() => {
          refusedAck.set(k, performance.now());
          return performance.now();
        }),
      ),
    ]);
    const lastClick = Math.max(...sent);
    await until(() => Array.from({ length: REFUSED }, (_, k) => seen.has(`e:UR${k}`)).every(Boolean), 10_000);
    await until(() => tickDone.size === ticks.length, 20_000);
    watchTicks();
    const ephemeralMs = Math.max(
      ...Array.from(
        { length: REFUSED },
        (_, k) => (seen.get(`e:UR${k}`) ?? Number.POSITIVE_INFINITY) - stormAt,
      ),
    );
    const ephemeralAfterAckMs = Math.max(
      ...Array.from(
        { length: REFUSED },
        (_, k) => (seen.get(`e:UR${k}`) ?? Number.POSITIVE_INFINITY) - (refusedAck.get(k) ?? 0),
      ),
    );
    const tickMs = Math.max(...ticks.map((_, k) => (tickDone.get(k) ?? Number.POSITIVE_INFINITY) - stormAt));

    // Every Home current again: no publish row left (bounded; beyond the bound, extrapolated at Tier 4).
    const homesLeft = async () =>
      (await db.db.select().from(outbox).all()).filter((r) => r.kind === 'publish').length;
    const drained = await until(async () => (await homesLeft()) === 0, BOUND_MS);
    const left = await homesLeft();
    const homeMs = performance.now() - lastClick + (drained ? 0 : (left * 60_000) / TIER4);
    const updates = fake.calls.filter((c) => c.method === 'chat.update' && c.at >= stormWall);
    const publishes = fake.calls.filter((c) => c.method === 'views.publish').slice(publishesBefore);
    const ok = publishes.filter((c) => c.status === 200);
    const perMinute = Math.max(
      0,
      ...ok.map((c) => ok.filter((d) => d.at >= c.at && d.at < c.at + 60_000).length),
    );
    const note = `${VISITORS} Home visitors, ${RELEASES} releases, ${TICKERS}×${TICKS_EACH} ticks + ${REFUSED} refused Approves at once`;
    return {
      name: 'workspace scale',
      rows: [
        row(
          'refusal ephemeral after its click (max)',
          ephemeralMs,
          quietEphemeral,
          'ms',
          `${note}; baseline: one refusal with no visitors; goal ≤ 1500 ms`,
        ),
        row(
          'refusal ephemeral after its ack (max)',
          ephemeralAfterAckMs,
          quietEphemeral,
          'ms',
          'the same, timed from the moment the bot answered that click',
        ),
        row(
          'tick → shown in its thread (max)',
          tickMs,
          quietTick,
          'ms',
          `${updates.length} chat.update (${updates.filter((c) => c.status === 429).length} × 429) for ${new Set(ticks.map((x) => x.target.m.ts)).size} sections; baseline: one tick with no visitors; goal ≤ 1500 ms`,
        ),
        row(
          'last Home current after the last click',
          homeMs,
          HOME_GOAL_MS,
          'ms',
          `${ok.length} views.publish for ${VISITORS} visitors${drained ? '' : `; ${left} left at ${BOUND_MS / 1000} s, extrapolated at Tier 4`}; baseline: the 2 min goal`,
        ),
        row(
          'last click of the storm acked',
          lastClick - stormAt,
          quietAck,
          'ms',
          `${ticks.length + REFUSED} clicks sent at once; baseline: one click with no visitors`,
        ),
        row(
          'views.publish in any minute',
          perMinute,
          TIER4,
          '/min',
          `${publishes.filter((c) => c.status === 429).length} refused with 429; baseline: Tier 4`,
        ),
      ],
    };
  } finally {
    stopWatching();
    await db.close();
    bot.child.kill('SIGKILL');
    await fake.close();
    rmSync(bot.dir, { recursive: true, force: true });
  }
}
