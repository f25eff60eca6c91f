import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepareOnce } from '../prepared.js';
import { itemStates } from '../schema.js';

export type ItemStateRow = typeof itemStates.$inferSelect;

const p = (name: keyof ItemStateRow) => sql.placeholder(name);

/** item_states: one row per (release, item); written only through domain/item-states.ts (setItemState). */
export function createItemStateRepo(db: Db) {
  // A checkbox click reads and writes these before its ack: prepared once per handle.
  const getOne = () =>
    prepareOnce(db, 'itemStates.get', () =>
      db
        .select()
        .from(itemStates)
        .where(and(eq(itemStates.releaseId, p('releaseId')), eq(itemStates.itemId, p('itemId'))))
        .prepare(),
    );
  const upsertOne = () =>
    prepareOnce(db, 'itemStates.upsert', () =>
      db
        .insert(itemStates)
        .values({
          releaseId: p('releaseId'),
          itemId: p('itemId'),
          state: p('state'),
          source: p('source'),
          by: p('by'),
          at: p('at'),
          reason: p('reason'),
          evidence: p('evidence'),
        })
        .onConflictDoUpdate({
          target: [itemStates.releaseId, itemStates.itemId],
          // The row that failed to insert carries the new values.
          set: {
            state: sql`excluded.state`,
            source: sql`excluded.source`,
            by: sql`excluded.by`,
            at: sql`excluded.at`,
            reason: sql`excluded.reason`,
            evidence: sql`excluded.evidence`,
          },
        })
        .prepare(),
    );
  return {
    get: (releaseId: string, itemId: string): Promise<ItemStateRow | undefined> =>
      getOne().get({ releaseId, itemId }),
    async upsert(row: ItemStateRow): Promise<void> {
      await upsertOne().run(row);
    },
  };
}
