import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxRepo, type OutboxWrite } from '../../../../src/db/repos/outbox-repo.js';
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
});
