import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { itemStates } from '../schema.js';

export type ItemStateRow = typeof itemStates.$inferSelect;

/** item_states: one row per (release, item); written only through domain/item-states.ts (setItemState). */
export function createItemStateRepo(db: Db) {
  return {
    get: (releaseId: string, itemId: string): ItemStateRow | undefined =>
      db
        .select()
        .from(itemStates)
        .where(and(eq(itemStates.releaseId, releaseId), eq(itemStates.itemId, itemId)))
        .get(),
    upsert: (row: ItemStateRow) =>
      db
        .insert(itemStates)
        .values(row)
        .onConflictDoUpdate({ target: [itemStates.releaseId, itemStates.itemId], set: row })
        .run(),
  };
}
