import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The transaction a piece of async code runs in. Repositories take the one `Db` handle; the driver sends
 * each statement to the connection of the transaction open in the calling async context (Postgres: the
 * pooled client holding BEGIN; SQLite: the one connection, whose other users wait until COMMIT).
 *
 * A timer or callback started inside a transaction inherits its async context and may run after it ended
 * (the outbox's wake-up is one): a finished context is ignored, so its statements go to the pool as any
 * other's, never to a client already handed back.
 */
export interface TxContext<C> {
  readonly client: C;
  open: boolean;
  /** Run once the transaction committed (not after a rollback). */
  readonly afterCommit: (() => void)[];
}

export function createTxScope<C>() {
  const storage = new AsyncLocalStorage<TxContext<C>>();
  const current = (): TxContext<C> | undefined => {
    const ctx = storage.getStore();
    return ctx?.open ? ctx : undefined;
  };
  return {
    current,
    /** Runs `fn` in a new transaction context; `finish` ends it (commit or rollback) before it closes. */
    async run<T>(client: C, fn: () => Promise<T>, finish: (ok: boolean) => Promise<void> | void): Promise<T> {
      const ctx: TxContext<C> = { client, open: true, afterCommit: [] };
      let result: T;
      try {
        result = await storage.run(ctx, fn);
      } catch (e) {
        ctx.open = false;
        await finish(false);
        throw e;
      }
      ctx.open = false;
      await finish(true);
      for (const f of ctx.afterCommit) f();
      return result;
    },
    /** `f` after the open transaction commits, or now when none is open. */
    afterCommit(f: () => void): void {
      const ctx = current();
      if (ctx) ctx.afterCommit.push(f);
      else f();
    },
  };
}
