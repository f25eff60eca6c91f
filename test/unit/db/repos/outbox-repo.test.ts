import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxRepo, type OutboxWrite } from '../../../../src/db/repos/outbox-repo.js';
import { homeVisitors } from '../../../../src/db/schema.js';
import { createTestDatabase } from '../../../helpers/db.js';

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
  let t: ReturnType<typeof createTestDatabase>;
  let repo: ReturnType<typeof createOutboxRepo>;
  beforeEach(() => {
    t = createTestDatabase();
    repo = createOutboxRepo(t.db);
  });
  afterEach(() => t.cleanup());

  it('coalesces marks of one message into one row that counts versions', () => {
    repo.enqueue(update);
    repo.enqueue(update);
    repo.enqueue(update);
    const rows = repo.pending();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.version).toBe(3);
  });

  it('keeps a row marked again while it was being sent, so the newer state goes out too', () => {
    repo.enqueue(update);
    const sent = repo.pending()[0]!;
    repo.enqueue(update);
    repo.delivered(sent);
    expect(repo.pending()).toHaveLength(1);
    repo.delivered(repo.pending()[0]!);
    expect(repo.pending()).toEqual([]);
  });

  it('enqueues a post once however often it is asked for', () => {
    repo.enqueue(post);
    const sent = repo.pending()[0]!;
    repo.enqueue(post);
    repo.delivered(sent);
    expect(repo.pending()).toEqual([]);
  });

  it('rolls an enqueue back with the transaction that caused it', () => {
    expect(() =>
      t.db.transaction(() => {
        repo.enqueue(post);
        throw new Error('state change failed');
      }),
    ).toThrow('state change failed');
    expect(repo.pending()).toEqual([]);
  });

  it("parks a channel's rows until it is unblocked, and reports them in the stats", () => {
    repo.enqueue(post);
    repo.enqueue({ ...update, key: 'other', channel: 'C2' });
    expect(repo.blockChannel('C1', 'not_in_channel')).toBe(1);
    expect(repo.pending().map((r) => r.channel)).toEqual(['C2']);
    expect(repo.stats()).toMatchObject({ depth: 2, blocked: 1 });
    expect(repo.unblockChannel('C1')).toBe(1);
    expect(repo.pending()).toHaveLength(2);
  });

  it('gives each lane its own head: posts of a channel in order, each update and Home view on its own', () => {
    repo.enqueue(post);
    repo.enqueue({ ...post, key: 'release:r1/sec:post', ref: 'r1/sec' });
    repo.enqueue(update);
    repo.enqueue({ ...update, key: 'release:r1/sec', ref: 'r1/sec' });
    repo.enqueue({ key: 'home:U1', kind: 'publish', channel: 'U1', renderer: 'h', ref: 'U1' });
    repo.enqueue({ key: 'e1', kind: 'ephemeral', channel: 'C1', payload: { text: 'a' } });
    repo.enqueue({ key: 'e2', kind: 'ephemeral', channel: 'C1', payload: { text: 'b' } });
    expect(repo.heads().map((r) => r.key)).toEqual([
      'release:r1/parent:post',
      'release:r1/parent',
      'release:r1/sec',
      'home:U1',
      'e1',
    ]);
    const upd = repo.byKeys(['release:r1/sec'])[0]!;
    expect(repo.hasEarlierPosts('C1', upd.id)).toBe(true);
    expect(repo.hasEarlierPosts('C2', upd.id)).toBe(false);
  });

  it('reads only the Home views due first when asked for a few, and every other lane in full', () => {
    let now = 1_000_000;
    repo = createOutboxRepo(t.db, { now: () => now });
    for (const [user, due] of [
      ['U1', 3],
      ['U2', 1],
      ['U3', 2],
    ] as const) {
      now = 1_000_000 + due;
      repo.enqueue({ key: `home:${user}`, kind: 'publish', channel: user, renderer: 'h', ref: user });
    }
    repo.enqueue(post);
    repo.enqueue(update);
    expect(repo.heads(2).map((r) => r.key)).toEqual([
      'home:U2',
      'home:U3',
      'release:r1/parent:post',
      'release:r1/parent',
    ]);
    expect(repo.heads()).toHaveLength(5);
  });

  it("queues recent Home visitors' views in one go, each no sooner than the gap after their last publish", () => {
    let now = 1_000_000;
    repo = createOutboxRepo(t.db, { now: () => now });
    t.db
      .insert(homeVisitors)
      .values({ userId: 'UNEW', openedAt: now - 1000, groups: [] })
      .run();
    t.db
      .insert(homeVisitors)
      .values({ userId: 'USEEN', openedAt: now - 1000, groups: [], publishedAt: now - 5000 })
      .run();
    t.db
      .insert(homeVisitors)
      .values({ userId: 'UOLD', openedAt: now - 10 * 86_400_000, groups: [] })
      .run();
    repo.enqueueHomes({ since: now - 86_400_000, gapMs: 15_000, renderer: 'h' });
    const due = () => new Map(repo.pending().map((r) => [r.key, r.dueAt]));
    expect(due()).toEqual(
      new Map([
        ['home:UNEW', now],
        ['home:USEEN', now + 10_000],
      ]),
    );
    // Later changes do not push a queued Home back; the person opening it brings it forward.
    now += 1000;
    repo.enqueueHomes({ since: now - 86_400_000, gapMs: 15_000, renderer: 'h' });
    expect(due().get('home:USEEN')).toBe(now + 9000);
    repo.enqueue({ key: 'home:USEEN', kind: 'publish', channel: 'USEEN', renderer: 'h', ref: 'USEEN' });
    expect(due().get('home:USEEN')).toBe(now);
  });
});
