// Three bot replicas on one Postgres behind a round-robin balancer, against one bot on SQLite, in the same run
// and against the same Slack stand-in: the ack p99 of 50 slash commands sent at once (each opening a full
// thread in its own channel), and a checkbox click → the updated section in Slack. Every bot runs the real
// entry point in its own process. Skipped (and said so) when this machine cannot start a Postgres server.
import { rmSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { startFakeSlack } from '../src/sandbox/slack-web-api.js';
import {
  type PostgresCluster,
  postgresAvailable,
  startPostgresCluster,
} from '../test/helpers/postgres-cluster.js';
import { startRoundRobinProxy } from '../test/helpers/round-robin-proxy.js';
import {
  checkboxPayload,
  clickTargets,
  commandBody,
  optionsOf,
  sign,
} from '../test/helpers/slack-harness.js';
import { spawnBot } from '../test/helpers/spawn-bot.js';
import { type BenchReport, percentile, row } from './report.js';
import { SLACK_POST_LIMIT } from './slack-stand-in.js';

const REPLICAS = 3;
const COMMANDS = 50;
const ROUNDS = 3;
const CLICKS = 5;
const THREAD = 8;
const GOAL = 'goal ≤ 1.5×';

const until = async (cond: () => boolean, ms = 60_000) => {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() > end) throw new Error('bench: timed out waiting for Slack');
};

/** A way in to the bot(s): one process's own port, or the balancer in front of the replicas. */
interface Target {
  readonly name: string;
  readonly url: string;
  /** Own connection pool, idle sockets dropped well before Node's 5 s server keep-alive timeout. */
  readonly pool: Agent;
}
const targetAt = (name: string, url: string): Target => ({
  name,
  url,
  pool: new Agent({ keepAliveTimeout: 1_000 }),
});

/** POSTs a signed Slack request; resolves with the ms until the answer (the ack) arrived. */
async function timed(t: Target, body: string): Promise<number> {
  const start = performance.now();
  const r = await fetch(`${t.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
    body,
    dispatcher: t.pool,
  });
  await r.text();
  if (r.status !== 200) throw new Error(`bench: ${t.name} answered ${r.status}`);
  return performance.now() - start;
}

export default async function (): Promise<BenchReport> {
  const fake = await startFakeSlack({ token: 'xoxb-test-token' });
  fake.limitPosts(SLACK_POST_LIMIT);
  const cleanups: (() => Promise<void> | void)[] = [() => fake.close()];
  try {
    const available = postgresAvailable();
    let cluster: PostgresCluster | undefined;
    let skipped = available.ok ? '' : available.reason;
    if (available.ok)
      cluster = await startPostgresCluster().catch((e: unknown) => {
        skipped = `Postgres did not start: ${(e as Error).message.split('\n')[0]}`;
        return undefined;
      });
    if (cluster) cleanups.push(() => cluster.destroy());
    const spawn = async (env: Record<string, string>) => {
      const bot = await spawnBot({ apiUrl: fake.apiUrl, env: { LOG_LEVEL: 'warn', ...env } });
      cleanups.push(() => {
        bot.child.kill('SIGKILL');
        rmSync(bot.dir, { recursive: true, force: true });
      });
      return bot;
    };
    // Started together, as an orchestrator rolls out a deployment (the replicas race for the migrations).
    const [single, ...replicas] = await Promise.all([
      spawn({}),
      ...(cluster ? Array.from({ length: REPLICAS }, () => spawn({ DATABASE_URL: cluster.url })) : []),
    ]);
    const targets: Target[] = [targetAt('SQLite', single!.url)];
    if (cluster) {
      const proxy = await startRoundRobinProxy(replicas.map((r) => r.url));
      cleanups.push(() => proxy.close());
      targets.push(targetAt(`${REPLICAS} replicas`, proxy.url));
    }
    for (const t of targets) cleanups.push(() => t.pool.close());

    let n = 0;
    const commands = (t: Target) =>
      Array.from({ length: COMMANDS }, () =>
        commandBody(`bench-api 1.0.${++n}`, {
          channel: `C${t.name[0]}${n}`,
          responseUrl: `${fake.url}/response/r${n}`,
        }),
      );
    // The same load on both, one round each in turn, so load from the rest of the machine falls on both
    // alike; a warm-up round first (JIT, connections, the pools' first Postgres connections).
    const acks = new Map<Target, number[]>(targets.map((t) => [t, []]));
    for (let r = -1; r < ROUNDS; r++)
      for (const t of targets) {
        const ms = await Promise.all(commands(t).map((b) => timed(t, b)));
        if (r >= 0) acks.get(t)!.push(...ms);
      }

    // Clicks: a thread of its own per setup, fully posted; each click ticks another item of it, timed until
    // Slack shows it ticked. One click at a time, the setups taking turns.
    const items = new Map<Target, ReturnType<typeof clickTargets>>();
    for (const t of targets) {
      const channel = `CCLICK${t.name[0]}`;
      await timed(
        t,
        commandBody(`bench-api 2.0.${++n}`, { channel, responseUrl: `${fake.url}/response/c${n}` }),
      );
      await until(() => fake.channelMessages(channel).length === THREAD);
      const parent = fake.channelMessages(channel).find((m) => !m.threadTs)!;
      items.set(t, clickTargets(fake, channel, parent.ts));
    }
    const clicks = new Map<Target, number[]>(targets.map((t) => [t, []]));
    for (let k = 0; k < CLICKS; k++)
      for (const t of targets) {
        const { m, blockId, value } = items.get(t)![k]!;
        const key = `${m.channel}/${m.ts}`;
        // As the person sees the message now (earlier clicks ticked items of the same group).
        const shown = fake.messages.get(key)!;
        const start = performance.now();
        const body = new URLSearchParams({
          payload: JSON.stringify(
            checkboxPayload(shown, 'UBENCH', blockId, [...optionsOf(shown, blockId).selected, value]),
          ),
        });
        await timed(t, body.toString());
        await until(() => optionsOf(fake.messages.get(key)!, blockId).selected.includes(value), 15_000);
        clicks.get(t)!.push(performance.now() - start);
      }

    const [sqlite, pg] = targets;
    const sqliteAcks = acks.get(sqlite!)!;
    const sqliteClicks = clicks.get(sqlite!)!;
    const cmdNote = `${COMMANDS} concurrent × ${ROUNDS}, each opening a full thread in its own channel`;
    const clickNote = `${CLICKS} clicks one at a time, each ticking one more item of a posted thread`;
    if (!pg)
      return {
        name: 'replicas on Postgres',
        rows: [
          row(
            'slash command ack p99 (SQLite only)',
            percentile(sqliteAcks, 99),
            percentile(sqliteAcks, 99),
            'ms',
            `${cmdNote}; replicas skipped: ${skipped}`,
          ),
          row(
            'click → updated (median, SQLite only)',
            percentile(sqliteClicks, 50),
            percentile(sqliteClicks, 50),
            'ms',
            `${clickNote}; replicas skipped: ${skipped}`,
          ),
        ],
      };
    const pgAcks = acks.get(pg)!;
    const pgClicks = clicks.get(pg)!;
    const setup = `${REPLICAS} replicas on one Postgres behind a round-robin balancer; baseline: one process on SQLite`;
    return {
      name: 'replicas on Postgres',
      rows: [
        row(
          'slash command ack p50',
          percentile(pgAcks, 50),
          percentile(sqliteAcks, 50),
          'ms',
          `${setup}; ${cmdNote}`,
        ),
        row(
          'slash command ack p99',
          percentile(pgAcks, 99),
          percentile(sqliteAcks, 99),
          'ms',
          `${cmdNote}; ${GOAL}`,
        ),
        row(
          'click → updated (median)',
          percentile(pgClicks, 50),
          percentile(sqliteClicks, 50),
          'ms',
          `${clickNote}; ${GOAL}`,
        ),
        row('click → updated (max)', Math.max(...pgClicks), Math.max(...sqliteClicks), 'ms', clickNote),
      ],
    };
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}
