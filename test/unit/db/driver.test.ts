import { asc, count, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsChanged } from '../../../src/db/dialect-sql.js';
import { createAuditRepo } from '../../../src/db/repos/audit-repo.js';
import { auditLog, processedRequests, watchSamples } from '../../../src/db/schema.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../../helpers/db.js';

// What every repository relies on from the driver, on the engine this run uses.
describe(`the ${testEngine()} driver`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(() => t.cleanup());

  const claim = (key: string) => t.db.insert(processedRequests).values({ key, at: 1 }).run();
  const keys = async () =>
    (await t.db.select().from(processedRequests).orderBy(asc(processedRequests.key)).all()).map((r) => r.key);
  /** Lets every other ready piece of async work run (Postgres round trips included). */
  const settle = () => new Promise((r) => setTimeout(r, 50));
  /** A promise the test resolves when it chooses. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => {
      open = r;
    });
    return { opened, open };
  };
  /**
   * A transaction that claims `key`, then waits for `g` to open and rolls back (only a test holds a transaction
   * open on something else: it shows who waits for whom). Resolves to its error's message.
   */
  const heldThenRolledBack = (key: string, g: ReturnType<typeof gate>) =>
    t.db
      .transaction(async () => {
        await claim(key);
        await g.opened;
        throw new Error(`${key} rolled back`);
      })
      .catch((e: Error) => e.message);

  it('commits a transaction and hands back what its callback returned', async () => {
    const out = await t.db.transaction(async (tx) => {
      await tx.insert(processedRequests).values({ key: 'a', at: 1 }).run();
      return 'done';
    });
    expect(out).toBe('done');
    expect(await keys()).toEqual(['a']);
  });

  it('rolls the whole transaction back when its callback throws, and rethrows', async () => {
    await expect(
      t.db.transaction(async () => {
        await claim('a');
        await claim('b');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await keys()).toEqual([]);
    // The connection is usable after the rollback.
    await claim('c');
    expect(await keys()).toEqual(['c']);
  });

  it('keeps a statement from outside the transaction out of it: it survives the rollback', async () => {
    const g = gate();
    const txSettled = heldThenRolledBack('inside', g);
    await settle();
    let outsideDone = false;
    const outside = claim('outside').then(() => {
      outsideDone = true;
    });
    await settle();
    // SQLite has one connection: a statement from elsewhere waits for the COMMIT (here, the ROLLBACK).
    // Postgres runs it on another pooled connection at once.
    expect(outsideDone).toBe(testEngine() === 'postgres');
    g.open();
    expect(await txSettled).toBe('inside rolled back');
    await outside;
    expect(await keys()).toEqual(['outside']);
  });

  it('lets a nested transaction join the open one: an outer rollback undoes the inner writes too', async () => {
    await expect(
      t.db.transaction(async () => {
        await claim('outer');
        await t.db.transaction(async () => {
          await claim('inner');
        });
        throw new Error('outer failed');
      }),
    ).rejects.toThrow('outer failed');
    expect(await keys()).toEqual([]);
  });

  it('has no savepoints: an inner failure the outer catches keeps the inner writes made before it', async () => {
    await t.db.transaction(async () => {
      await claim('outer');
      await t.db
        .transaction(async () => {
          await claim('inner');
          throw new Error('inner failed');
        })
        .catch(() => undefined);
    });
    expect(await keys()).toEqual(['inner', 'outer']);
  });

  it('runs a second transaction from elsewhere after the first, not inside it', async () => {
    const g = gate();
    const firstSettled = heldThenRolledBack('first', g);
    await settle();
    const second = t.db.transaction(async () => {
      await claim('second');
    });
    await settle();
    g.open();
    expect(await firstSettled).toBe('first rolled back');
    await second;
    expect(await keys()).toEqual(['second']);
  });

  it('runs transactions begun in the same tick one after another, each whole', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((k) =>
        t.db.transaction(async () => {
          await claim(`${k}1`);
          await claim(`${k}2`);
          if (k === 'b') throw new Error('b failed');
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await keys()).toEqual(['a1', 'a2', 'c1', 'c2', 'd1', 'd2']);
  });

  it('keeps a statement that waited for one transaction out of the next one', async () => {
    const g = gate();
    const first = t.db.transaction(async () => {
      await claim('first');
      await g.opened;
    });
    await settle();
    // Both wait for the first: the transaction was asked for before the statement from outside.
    const second = t.db.transaction(async () => {
      await claim('second');
      await settle();
      throw new Error('second rolled back');
    });
    const secondSettled = second.catch((e: Error) => e.message);
    const outside = claim('outside');
    g.open();
    await first;
    await outside;
    expect(await secondSettled).toBe('second rolled back');
    expect(await keys()).toEqual(['first', 'outside']);
  });

  it('numbers autoincrement ids from 1, from a prepared insert and from one returning its id', async () => {
    const audit = createAuditRepo(t.db);
    await audit.record({ actor: 'U1', action: 'a', via: 'cli', at: 1 });
    await audit.record({ actor: 'U1', action: 'b', via: 'cli', at: 2 });
    const [third] = await t.db
      .insert(auditLog)
      .values({ actor: 'U1', action: 'c', via: 'cli', at: 3 })
      .returning({ id: auditLog.id })
      .all();
    expect(third).toEqual({ id: 3 });
    expect((await audit.forRelease('none')).length).toBe(0);
    expect(
      (await t.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all()).map((r) => r.id),
    ).toEqual([1, 2, 3]);
  });

  it('returns counts, sums and 64-bit timestamps as numbers', async () => {
    const at = 1_767_225_600_123;
    await t.db.insert(processedRequests).values({ key: 'a', at }).run();
    await t.db.insert(processedRequests).values({ key: 'b', at }).run();
    const [row] = await t.db
      .select({
        n: count(),
        raw: sql<number>`count(*)`,
        total: sql<number>`sum(${processedRequests.at})`,
        latest: sql<number>`max(${processedRequests.at})`,
      })
      .from(processedRequests)
      .all();
    expect(row).toEqual({ n: 2, raw: 2, total: 2 * at, latest: at });
    expect(await t.db.all(sql`select count(*) from ${processedRequests}`)).toEqual([[2]]);
  });

  it('enforces foreign keys', async () => {
    await expect(
      t.db
        .insert(watchSamples)
        .values({ watchId: 999, at: 1, errors: 1, total: 3, ratio: 1 / 3 })
        .run(),
    ).rejects.toThrow();
  });

  it('reports the rows an update changed', async () => {
    await claim('a');
    await claim('b');
    expect(rowsChanged(await t.db.update(processedRequests).set({ at: 2 }).run())).toBe(2);
    expect(rowsChanged(await t.db.delete(processedRequests).where(sql`false`).run())).toBe(0);
  });
});
