import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxRepo, OutboxRow, OutboxWrite } from '../../../../src/db/repos/outbox-repo.js';
import { createLogger } from '../../../../src/logger.js';
import {
  createOutboxDispatcher,
  type OutboxDispatcher,
  type OutboxDispatcherOptions,
} from '../../../../src/slack/outbox/dispatcher.js';
import type { OutboxMessage } from '../../../../src/slack/outbox/message.js';
import type { SlackWriter } from '../../../../src/slack/outbox/slack-writer.js';

const fast = { perMinute: 60_000, burst: 100 };
const FAST = { post: fast, update: fast, ephemeral: fast, publish: fast, upload: fast };
const tick = () => new Promise((r) => setImmediate(r));

/**
 * The outbox table in memory, as far as the dispatcher uses it, with every read answering on a later turn
 * (as a database does). Counts the passes reading the queue at once, and whether a read ran inside `tx`.
 */
function memoryOutbox(tx: AsyncLocalStorage<string>) {
  const rows: OutboxRow[] = [];
  const listeners: (() => void)[] = [];
  let nextId = 1;
  const stats = { reading: 0, mostReadingAtOnce: 0, readsInTransaction: 0 };
  const later = async <T>(f: () => T): Promise<T> => {
    if (tx.getStore()) stats.readsInTransaction++;
    await tick();
    return f();
  };
  const add = (w: OutboxWrite) => {
    const at = Date.now();
    rows.push({
      id: nextId++,
      key: w.key,
      kind: w.kind,
      channel: w.channel,
      renderer: w.renderer ?? null,
      ref: w.ref ?? null,
      payload: w.payload ?? null,
      notifyUser: w.notifyUser ?? null,
      status: 'pending',
      version: 1,
      attempts: 0,
      dueAt: at,
      sendingAt: null,
      claimedBy: null,
      claimedUntil: null,
      lastError: null,
      createdAt: at,
    });
  };
  const repo = {
    onEnqueue: (f: () => void) => listeners.push(f),
    async enqueue(w: OutboxWrite) {
      add(w);
      for (const f of listeners) f();
    },
    // A pass reads the heads, then the blocked channels: from the one to the other it is reading the queue.
    heads() {
      stats.reading++;
      stats.mostReadingAtOnce = Math.max(stats.mostReadingAtOnce, stats.reading);
      return later(() => rows.filter((r) => r.status === 'pending'));
    },
    async blockedChannels() {
      try {
        return await later(() => new Set<string>());
      } finally {
        stats.reading--;
      }
    },
    claim: (id: number) => later(() => rows.some((r) => r.id === id)),
    get: (id: number) => later(() => rows.find((r) => r.id === id)),
    markSending: (id: number) => later(() => id),
    async delivered(row: Pick<OutboxRow, 'id'>, also?: () => Promise<void>) {
      await also?.();
      rows.splice(
        rows.findIndex((r) => r.id === row.id),
        1,
      );
    },
  };
  /** A row another process enqueued: this one's listeners never hear of it. */
  const addElsewhere = add;
  return { repo: repo as unknown as OutboxRepo, addElsewhere, stats };
}

describe('the outbox dispatcher', () => {
  const tx = new AsyncLocalStorage<string>();
  let dispatcher: OutboxDispatcher | undefined;
  afterEach(() => dispatcher?.stop());

  const setup = (o: Pick<OutboxDispatcherOptions, 'pollMs' | 'acks'> = {}) => {
    const { repo, addElsewhere, stats } = memoryOutbox(tx);
    const sent: OutboxMessage[] = [];
    const writer = {
      async send(msg: OutboxMessage) {
        sent.push(msg);
        await tick();
        return { ok: true, ts: `1.${sent.length}` };
      },
      findPosted: async () => null,
    } as SlackWriter;
    dispatcher = createOutboxDispatcher({
      repo,
      writer,
      renderers: {},
      logger: createLogger({ level: 'silent' }),
      pacing: FAST,
      ...o,
    });
    const post = (channel: string, text: string) =>
      repo.enqueue({
        key: `post:${text}`,
        kind: 'post',
        channel,
        payload: { kind: 'post', channel, text },
      });
    const update = (key: string, text: string) =>
      repo.enqueue({
        key,
        kind: 'update',
        channel: 'C1',
        payload: { kind: 'update', channel: 'C1', ts: '1.1', text },
      });
    return { addElsewhere, stats, sent, post, update, dispatcher };
  };

  it('reads the queue in one pass at a time however often it is woken, and sends what came meanwhile', async () => {
    const { dispatcher, post, sent, stats } = setup();
    dispatcher.start();
    for (let i = 0; i < 20; i++) {
      await post(`C${i % 3}`, `m${i}`);
      dispatcher.wake();
      if (i % 4 === 0) await tick();
    }
    await dispatcher.idle(2_000);
    expect(stats.mostReadingAtOnce).toBe(1);
    expect(sent.map((m) => (m.kind === 'post' ? m.text : '')).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${i}`).sort(),
    );
  });

  it('reads the queue outside the transaction that woke it', async () => {
    const { dispatcher, post, sent, stats } = setup();
    dispatcher.start();
    await dispatcher.idle(2_000);
    await tx.run('enqueueing', async () => {
      await post('C1', 'inside');
      await tick();
    });
    await dispatcher.idle(2_000);
    expect(sent).toHaveLength(1);
    expect(stats.readsInTransaction).toBe(0);
  });

  it('finds a row nobody woke it for on its next poll', async () => {
    const { dispatcher, addElsewhere, sent } = setup({ pollMs: 20 });
    dispatcher.start();
    await dispatcher.idle(2_000);
    addElsewhere({
      key: 'post:elsewhere',
      kind: 'post',
      channel: 'C1',
      payload: { kind: 'post', channel: 'C1', text: 'elsewhere' },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(sent.map((m) => (m.kind === 'post' ? m.text : ''))).toEqual(['elsewhere']);
  });

  it('holds an update while requests wait for their ack and during their burst, not a post', async () => {
    // The bot's answers: `waiting` requests not acked yet; the last five came within 10 ms (a burst).
    let waiting = 1;
    let ackedAt = performance.now();
    const acks = {
      quietMs: () => (waiting > 0 ? 0 : performance.now() - ackedAt),
      spanMs: () => 10,
    };
    const { dispatcher, post, update, sent } = setup({ acks });
    dispatcher.start();
    await update('update:m1', 'ticked');
    await post('C2', 'thread');
    await new Promise((r) => setTimeout(r, 50));
    expect(sent.map((m) => m.kind)).toEqual(['post']);
    // The burst is answered: the update goes once the lull after it has passed.
    waiting = 0;
    ackedAt = performance.now();
    dispatcher.wake();
    await dispatcher.idle(2_000);
    expect(sent.map((m) => m.kind)).toEqual(['post', 'update']);
    // Sent without the hold, it would have gone within a millisecond or two.
    expect(performance.now() - ackedAt).toBeGreaterThanOrEqual(45);
  });

  it('sends the update of a few clicks as soon as they are acked', async () => {
    let waiting = 1;
    const acks = { quietMs: () => (waiting > 0 ? 0 : 1), spanMs: (n: number) => (n > 4 ? 60_000 : 5) };
    const { dispatcher, update, sent } = setup({ acks });
    dispatcher.start();
    await update('update:m1', 'ticked');
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(0);
    waiting = 0;
    const acked = performance.now();
    dispatcher.wake();
    await dispatcher.idle(2_000);
    expect(sent.map((m) => m.kind)).toEqual(['update']);
    expect(performance.now() - acked).toBeLessThan(50);
  });

  it('holds an update at most a second however long the requests keep coming', async () => {
    const acks = { quietMs: () => 0, spanMs: () => 10 };
    const { dispatcher, update, sent } = setup({ acks });
    dispatcher.start();
    const t = performance.now();
    await update('update:m1', 'ticked');
    await dispatcher.idle(3_000);
    expect(sent.map((m) => m.kind)).toEqual(['update']);
    expect(performance.now() - t).toBeGreaterThanOrEqual(990);
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});
