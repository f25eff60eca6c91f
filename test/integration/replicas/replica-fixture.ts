import { existsSync, rmSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { type DatabaseTarget, openDatabase } from '../../../src/db/client.js';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { emptyPostgresTarget, testDatabaseTarget } from '../../helpers/db.js';
import { startRoundRobinProxy } from '../../helpers/round-robin-proxy.js';
import {
  BOT_TOKEN,
  checkboxPayload,
  clickTargets,
  commandBody,
  releaseThread,
  sign,
} from '../../helpers/slack-harness.js';
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
    /** Ticks one checkbox of a thread as `user` would, through the balancer. */
    const click = ({ m, blockId, value }: ClickTarget, user: string) =>
      post(payloadBody(checkboxPayload(m, user, blockId, [value])));
    const logs = () =>
      replicas.map((r, i) => `--- replica ${i} (${r.url}) ---\n${r.output().slice(-4000)}`).join('\n');
    return {
      fake,
      replicas,
      proxy,
      post,
      click,
      /**
       * Opens a release with /release through the balancer and waits for its thread. Returns the thread's
       * parent and every checkbox in it as first posted (copies: the views a client that never reloaded keeps).
       */
      async openReleaseThread() {
        expect((await post(commandBody('payments-api 2.3.1'))).status).toBe(200);
        expect(
          await eventually(() => fake.channelMessages('CREL').length >= 8, 30_000),
          `thread never posted\n${logs()}`,
        ).toBe(true);
        const parent = releaseThread(fake).parent;
        const stale: ClickTarget[] = clickTargets(fake, 'CREL', parent.ts).map((t) => ({
          ...t,
          m: structuredClone(t.m),
        }));
        return { parent, stale };
      },
      /** Each replica's log so far, for failure messages. */
      logs,
      /** No replica wrote the SQLite file its DATABASE_PATH names: the database is the Postgres one. */
      sqliteUnused: () => replicas.every((r) => !existsSync(r.dbPath)),
    };
  }
  const onCleanup = (c: () => Promise<void> | void) => void cleanups.push(c);
  return {
    start,
    onCleanup,
    /**
     * A Postgres database of the test's own, dropped after it: migrated, or `empty` (then the replicas starting
     * together also race for the migrations).
     */
    async database(opts: { empty?: boolean } = {}) {
      const database = opts.empty ? await emptyPostgresTarget() : await testDatabaseTarget();
      onCleanup(() => database.cleanup());
      return database;
    },
    /** A handle of the test's own on the replicas' database, for reading what they stored; closed after the test. */
    async open(target: DatabaseTarget) {
      const handle = await openDatabase(target);
      onCleanup(() => handle.close());
      return handle;
    },
  };
}

/** A checkbox in a posted thread: the message it is in, its block and the item it ticks. */
export type ClickTarget = ReturnType<typeof clickTargets>[number];

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
