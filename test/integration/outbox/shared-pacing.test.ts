import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../../src/db/client.js';
import { createOutboxRepo, type OutboxRepo } from '../../../src/db/repos/outbox-repo.js';
import { createLogger } from '../../../src/logger.js';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../../src/slack/outbox/dispatcher.js';
import type { OutboxMessage } from '../../../src/slack/outbox/message.js';
import type { Pacer } from '../../../src/slack/outbox/pacer.js';
import { pacerFor } from '../../../src/slack/outbox/shared-pacer.js';
import type { SendOutcome, SlackWriter } from '../../../src/slack/outbox/slack-writer.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../../helpers/db.js';

const fast = { perMinute: 60_000, burst: 100 };
/** A channel's posts: a burst of 3, then one every 200 ms. */
const POST = { perMinute: 300, burst: 3 };
const PACING = { post: POST, update: fast, ephemeral: fast, publish: fast, upload: fast };
/** A take decided in the database and the send it allowed happen a few ms apart (markSending, the writer). */
const JITTER_MS = 80;

interface Call {
  replica: number;
  rowId: number;
  kind: OutboxMessage['kind'];
  at: number;
  outcome: SendOutcome;
}

/** Slack as the replicas see it together: every call recorded; `answer` may refuse one. */
function recordingSlack(answer: (call: Omit<Call, 'outcome'>) => SendOutcome = () => ({ ok: true })) {
  const calls: Call[] = [];
  const writerOf = (replica: number): SlackWriter => ({
    async send(msg: OutboxMessage, rowId: number) {
      const call = { replica, rowId, kind: msg.kind, at: Date.now() };
      const outcome = answer(call);
      calls.push({ ...call, outcome });
      await new Promise((r) => setTimeout(r, 5));
      return outcome.ok ? { ok: true, ts: `1.${rowId}` } : outcome;
    },
    findPosted: async () => null,
  });
  return { calls, writerOf, ok: () => calls.filter((c) => c.outcome.ok) };
}

/** Takes a replica's pacer answered, for telling a refusal by the database from a row never tried. */
interface Take {
  replica: number;
  wait: number;
}

describe.skipIf(testEngine() !== 'postgres')('three replicas on one Postgres database', () => {
  let tdb: TestDatabase;
  let handles: DatabaseHandle[] = [];
  let dispatchers: OutboxDispatcher[] = [];
  afterEach(async () => {
    for (const d of dispatchers) await d.stop();
    dispatchers = [];
    for (const h of handles) await h.close();
    handles = [];
    await tdb.cleanup();
  });

  /** Three replicas, each with its own pool on the database, its own dispatcher, pacer and Slack writer. */
  async function replicas(slack: ReturnType<typeof recordingSlack>) {
    tdb = await createTestDatabase();
    handles = [
      await openDatabase(tdb.target),
      await openDatabase(tdb.target),
      await openDatabase(tdb.target),
    ];
    const takes: Take[] = [];
    const repos: OutboxRepo[] = [];
    handles.forEach((h, replica) => {
      const shared = pacerFor(h.db);
      const pacer: Pacer = {
        wait: (lane, limit) => shared.wait(lane, limit),
        async take(lane, limit) {
          const wait = await shared.take(lane, limit);
          takes.push({ replica, wait });
          return wait;
        },
        pause: (lane, limit, ms) => shared.pause(lane, limit, ms),
      };
      const repo = createOutboxRepo(h.db);
      repos.push(repo);
      dispatchers.push(
        createOutboxDispatcher({
          repo,
          writer: slack.writerOf(replica),
          renderers: {},
          logger: createLogger({ level: 'silent' }),
          pacing: PACING,
          pacer,
          // Each replica hears only of its own enqueues: the others find the rows by polling.
          pollMs: 50,
        }),
      );
    });
    return { repos, takes };
  }

  const until = async (done: () => boolean, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  it("keep together to a channel's burst and rate, sending each post once and in order", async () => {
    const slack = recordingSlack();
    const { repos } = await replicas(slack);
    const n = 12;
    await handles[0]!.db.transaction(async () => {
      for (let i = 0; i < n; i++)
        await repos[0]!.enqueue({
          key: `post:${i}`,
          kind: 'post',
          channel: 'CREL',
          payload: { kind: 'post', channel: 'CREL', text: `m${i}` },
        });
    });
    for (const d of dispatchers) d.start();
    await until(() => slack.ok().length >= n);

    const sent = slack.ok();
    expect(sent.map((c) => c.rowId)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    // Any stretch of sends, across replicas, fits the burst plus what the rate refilled over its length:
    // alone, each replica would have sent a burst of its own (9 at once) and 3 posts per 200 ms after it.
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        const allowed = POST.burst + ((sent[j]!.at - sent[i]!.at + JITTER_MS) * POST.perMinute) / 60_000;
        expect(j - i + 1, `sends ${i}..${j}`).toBeLessThanOrEqual(allowed);
      }
    // The budget was shared, not held by one replica.
    expect(new Set(sent.map((c) => c.replica)).size).toBeGreaterThan(1);
  });

  it('all hold a lane that Slack paused with a 429 until Retry-After has passed', async () => {
    const RETRY_AFTER = 1000;
    let limited: Omit<Call, 'outcome'> | undefined;
    const slack = recordingSlack((call) => {
      if (limited) return { ok: true };
      limited = call;
      return { ok: false, kind: 'ratelimited', retryAfterMs: RETRY_AFTER, error: 'ratelimited' };
    });
    const { repos, takes } = await replicas(slack);
    for (const d of dispatchers) d.start();
    const ephemeral = (channel: string) =>
      repos[0]!.enqueue({
        key: `eph:${channel}`,
        kind: 'ephemeral',
        channel,
        payload: { kind: 'ephemeral', channel, user: 'U1', text: 'hi' },
      });
    await ephemeral('C0');
    await until(() => limited !== undefined);
    // Other channels: their order does not hold them back, only the lane's shared pause does.
    for (let i = 1; i <= 6; i++) await ephemeral(`C${i}`);
    await until(() => slack.ok().length >= 7);

    const sent = slack.ok();
    expect(sent.map((c) => c.rowId).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The pause began once the 429 was answered: after the refused call was made.
    for (const c of sent) expect(c.at).toBeGreaterThanOrEqual(limited!.at + RETRY_AFTER);
    // The replicas that did not get the 429 learnt of it from the database: it refused their takes.
    expect(takes.some((t) => t.replica !== limited!.replica && t.wait > 0)).toBe(true);
  });
});
