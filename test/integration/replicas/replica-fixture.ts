import { existsSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { startRoundRobinProxy } from '../../helpers/round-robin-proxy.js';
import { BOT_TOKEN, sign } from '../../helpers/slack-harness.js';
import { spawnBot } from '../../helpers/spawn-bot.js';

export type Replica = Awaited<ReturnType<typeof spawnBot>>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 100 ms until it holds or `ms` passed; returns whether it held. */
export async function eventually(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; ; await sleep(100)) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
  }
}

/** True while the process has not exited (a killed or crashed replica reports its exit code or signal). */
export const alive = (r: Replica) => r.child.exitCode === null && r.child.signalCode === null;

/**
 * Several real bot processes (src/main.ts) on one Postgres database, each with a SQLite path of its own that
 * must stay unused, the fake Slack they all talk to and a round-robin balancer in front of them. Everything
 * is killed and removed after each test.
 */
export function replicaFixture() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start(opts: {
    databaseUrl: string;
    replicas: number;
    configYaml?: string;
    fake?: FakeSlack;
    env?: Record<string, string>;
  }) {
    const fake = opts.fake ?? (await startFakeSlack({ token: BOT_TOKEN }));
    if (!opts.fake) cleanups.push(() => fake.close());
    const replicas: Replica[] = [];
    cleanups.push(() => {
      for (const r of replicas) {
        r.child.kill('SIGKILL');
        rmSync(r.dir, { recursive: true, force: true });
      }
    });
    // Started together, as an orchestrator rolls out a deployment: they race for the migrations too.
    await Promise.all(
      Array.from({ length: opts.replicas }, async () => {
        const r = await spawnBot({
          apiUrl: fake.apiUrl,
          ...(opts.configYaml ? { configYaml: opts.configYaml } : {}),
          env: { DATABASE_URL: opts.databaseUrl, ...opts.env },
        });
        replicas.push(r);
      }),
    );
    const proxy = await startRoundRobinProxy(replicas.map((r) => r.url));
    cleanups.push(() => proxy.close());
    /** POSTs a signed Slack request body through the balancer. */
    const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
      fetch(`${proxy.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...sign(body) },
        body,
      });
    return {
      fake,
      replicas,
      proxy,
      post,
      /** Each replica's log so far, for failure messages. */
      logs: () =>
        replicas.map((r, i) => `--- replica ${i} (${r.url}) ---\n${r.output().slice(-4000)}`).join('\n'),
      /** No replica wrote the SQLite file its DATABASE_PATH names: the database is the Postgres one. */
      sqliteUnused: () => replicas.every((r) => !existsSync(r.dbPath)),
    };
  }
  return { start, onCleanup: (c: () => Promise<void> | void) => cleanups.push(c) };
}

/** Interaction payload as a signed-ready form body. */
export const payloadBody = (payload: Record<string, unknown>) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** Posts Slack accepted more than once: same channel, thread and text (what a twice-delivered outbox row makes). */
export function duplicatePosts(fake: FakeSlack): string[] {
  const seen = new Map<string, number>();
  for (const c of fake.calls) {
    if (c.method !== 'chat.postMessage' || c.status !== 200 || c.error) continue;
    const key = `${c.args.channel}|${c.args.thread_ts ?? ''}|${c.args.text}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${n}x ${k.slice(0, 160)}`);
}

/** Timings worth seeing in the run's output (how long a burst took, how soon the thread converged). */
export const note = (line: string) => void process.stdout.write(`[replicas] ${line}\n`);
