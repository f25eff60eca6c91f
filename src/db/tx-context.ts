import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The transaction a piece of async code runs in. Repositories take the one `Db` handle; the driver sends
 * each statement to the connection of the transaction open in the calling async context (Postgres: the
 * pooled client holding BEGIN; SQLite: the one connection, whose other users wait until COMMIT).
 */
export interface TxContext<C> {
  readonly client: C;
}

export function createTxScope<C>() {
  const storage = new AsyncLocalStorage<TxContext<C>>();
  return {
    current: (): TxContext<C> | undefined => storage.getStore(),
    run: <T>(ctx: TxContext<C>, fn: () => Promise<T>): Promise<T> => storage.run(ctx, fn),
  };
}
