import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxRepo, type OutboxWrite } from '../../../../src/db/repos/outbox-repo.js';
import { homeVisitors } from '../../../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';

const update: OutboxWrite = {
  key: 'release:r1/parent',
  kind: 'update',
  channel: 'C1',
  renderer: 'x',
  ref: 'r1/parent',
};
const post: OutboxWrite = {
  key: 'release:r1/parent:post',
  kind: 'post',
  channel: 'C1',
  renderer: 'x',
  ref: 'r1/parent',
};

describe('outbox repo', () => {
  let t: TestDatabase;
  let repo: ReturnType<typeof createOutboxRepo>;
  beforeEach(async () => {
    t = await createTestDatabase();
    repo = createOutboxRepo(t.db);
  });
  afterEach(() => t.cleanup());

  it('coalesces marks of one message into one row that counts versions', async () => {
    await repo.enqueue(update);
    await repo.enqueue(update);
    await repo.enqueue(update);
    const rows = await repo.pending();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.version).toBe(3);
  });

  it('keeps a row marked again while it was being sent, so the newer state goes out too', async () => {
    await repo.enqueue(update);
    const [sent] = await repo.pending();
    await repo.enqueue(update);
    await repo.delivered(sent!);
    expect(await repo.pending()).toHaveLength(1);
    const [again] = await repo.pending();
    await repo.delivered(again!);
    expect(await repo.pending()).toEqual([]);
  });

  it('enqueues a post once however often it is asked for', async () => {
    await repo.enqueue(post);
    const [sent] = await repo.pending();
    await repo.enqueue(post);
    await repo.delivered(sent!);
    expect(await repo.pending()).toEqual([]);
  });

  it('rolls an enqueue back with the transaction that caused it', async () => {
    await expect(
      t.db.transaction(async () => {
        await repo.enqueue(post);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await repo.pending()).toEqual([]);
  });

  it('runs what the delivery also stores in the transaction that removes the row, and undoes both on failure', async () => {
    await repo.enqueue(post);
    const [sent] = await repo.pending();
    await expect(
      repo.delivered(sent!, async () => {
        await t.db.insert(homeVisitors).values({ userId: 'U1', openedAt: 1, groups: [] }).run();
        throw new Error('ts not stored');
      }),
    ).rejects.toThrow('ts not stored');
    expect(await repo.pending()).toHaveLength(1);
    expect(await t.db.select().from(homeVisitors).all()).toEqual([]);
  });

  it("parks a channel's rows until it is unblocked, and reports them in the stats", async () => {
    await repo.enqueue(post);
    await repo.enqueue({ ...update, key: 'other', channel: 'C2' });
    expect(await repo.blockChannel('C1', 'not_in_channel')).toBe(1);
    expect((await repo.pending()).map((r) => r.channel)).toEqual(['C2']);
    expect(await repo.stats()).toMatchObject({ depth: 2, blocked: 1, failed: 0 });
    expect(await repo.blockedChannels()).toEqual(new Set(['C1']));
    expect(await repo.unblockChannel('C1')).toBe(1);
    expect(await repo.pending()).toHaveLength(2);
  });

  it('gives each lane its own head: posts of a channel in order, each update and Home view on its own', async () => {
    await repo.enqueue(post);
    await repo.enqueue({ ...post, key: 'release:r1/sec:post', ref: 'r1/sec' });
    await repo.enqueue(update);
    await repo.enqueue({ ...update, key: 'release:r1/sec', ref: 'r1/sec' });
    await repo.enqueue({ key: 'home:U1', kind: 'publish', channel: 'U1', renderer: 'h', ref: 'U1' });
    await repo.enqueue({ key: 'e1', kind: 'ephemeral', channel: 'C1', payload: { text: 'a' } });
    await repo.enqueue({ key: 'e2', kind: 'ephemeral', channel: 'C1', payload: { text: 'b' } });
    expect((await repo.heads()).map((r) => r.key)).toEqual([
      'release:r1/parent:post',
      'release:r1/parent',
      'release:r1/sec',
      'home:U1',
      'e1',
    ]);
    const [upd] = await repo.byKeys(['release:r1/sec']);
    expect(await repo.hasEarlierPosts('C1', upd!.id)).toBe(true);
    expect(await repo.hasEarlierPosts('C2', upd!.id)).toBe(false);
  });

  it('reads only the Home views due first when asked for a few, and every other lane in full', async () => {
    let now = 1_000_000;
    repo = createOutboxRepo(t.db, { now: () => now });
    for (const [user, due] of [
      ['U1', 3],
      ['U2', 1],
      ['U3', 2],
    ] as const) {
      now = 1_000_000 + due;
      await repo.enqueue({ key: `home:${user}`, kind: 'publish', channel: user, renderer: 'h', ref: user });
    }
    await repo.enqueue(post);
    await repo.enqueue(update);
    expect((await repo.heads(2)).map((r) => r.key)).toEqual([
      'home:U2',
      'home:U3',
      'release:r1/parent:post',
      'release:r1/parent',
    ]);
    expect(await repo.heads()).toHaveLength(5);
  });

  it('brings a queued Home view forward when it is asked for again, and never pushes it back', async () => {
    let now = 1_000_000;
    repo = createOutboxRepo(t.db, { now: () => now });
    const home: OutboxWrite = { key: 'home:U1', kind: 'publish', channel: 'U1', renderer: 'h', ref: 'U1' };
    await repo.enqueue(home);
    const [row] = await repo.pending();
    // A later refresh from elsewhere leaves its due time alone.
    now += 5000;
    await repo.enqueue(home);
    expect((await repo.pending())[0]!.dueAt).toBe(row!.dueAt);
    // Failed: the next enqueue gives it a new chance at the new time.
    await repo.fail(row!.id, 'boom');
    await repo.enqueue(home);
    expect(await repo.pending()).toMatchObject([{ dueAt: now, status: 'pending' }]);
  });

  it('lets one owner claim a row until its lease runs out', async () => {
    let now = 1_000_000;
    repo = createOutboxRepo(t.db, { now: () => now });
    await repo.enqueue(post);
    const [row] = await repo.pending();
    expect(await repo.claim(row!.id, 'a', 1000)).toBe(true);
    expect(await repo.claim(row!.id, 'b', 1000)).toBe(false);
    expect(await repo.claim(row!.id, 'a', 1000)).toBe(true);
    now += 1001;
    expect(await repo.claim(row!.id, 'b', 1000)).toBe(true);
    await repo.unclaim(row!.id);
    expect(await repo.get(row!.id)).toMatchObject({ claimedBy: null, claimedUntil: null });
  });

  it("queues recent Home visitors' views in one go, each no sooner than the gap after their last publish", async () => {
    let now = 1_000_000;
    repo = createOutboxRepo(t.db, { now: () => now });
    await t.db
      .insert(homeVisitors)
      .values({ userId: 'UNEW', openedAt: now - 1000, groups: [] })
      .run();
    await t.db
      .insert(homeVisitors)
      .values({ userId: 'USEEN', openedAt: now - 1000, groups: [], publishedAt: now - 5000 })
      .run();
    await t.db
      .insert(homeVisitors)
      .values({ userId: 'UOLD', openedAt: now - 10 * 86_400_000, groups: [] })
      .run();
    await repo.enqueueHomes({ since: now - 86_400_000, gapMs: 15_000, renderer: 'h' });
    const due = async () => new Map((await repo.pending()).map((r) => [r.key, r.dueAt]));
    expect(await due()).toEqual(
      new Map([
        ['home:UNEW', now],
        ['home:USEEN', now + 10_000],
      ]),
    );
    expect((await repo.byKeys(['home:UNEW']))[0]).toMatchObject({
      kind: 'publish',
      channel: 'UNEW',
      renderer: 'h',
      ref: 'UNEW',
      createdAt: now,
      version: 1,
    });
    // Later changes do not push a queued Home back; the person opening it brings it forward.
    now += 1000;
    await repo.enqueueHomes({ since: now - 86_400_000, gapMs: 15_000, renderer: 'h' });
    expect((await due()).get('home:USEEN')).toBe(now + 9000);
    await repo.enqueue({ key: 'home:USEEN', kind: 'publish', channel: 'USEEN', renderer: 'h', ref: 'USEEN' });
    expect((await due()).get('home:USEEN')).toBe(now);
  });

  it('counts one more version of a Home view being sent when a change queues it again', async () => {
    const now = 1_000_000;
    repo = createOutboxRepo(t.db, { now: () => now });
    await t.db.insert(homeVisitors).values({ userId: 'U1', openedAt: now, groups: [] }).run();
    await repo.enqueueHomes({ since: 0, gapMs: 15_000, renderer: 'h' });
    const [row] = await repo.pending();
    expect(await repo.claim(row!.id, 'me', 60_000)).toBe(true);
    await repo.enqueueHomes({ since: 0, gapMs: 15_000, renderer: 'h' });
    expect((await repo.get(row!.id))?.version).toBe(2);
  });
});
