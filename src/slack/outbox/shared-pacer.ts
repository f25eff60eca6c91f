import { type Db, dialectOf } from '../../db/client.js';
import { createRateLaneRepo, type RateLaneRepo, type RateLaneState } from '../../db/repos/rate-lane-repo.js';
import { createPacer, type Pacer, waitOf } from './pacer.js';

/** The outbox's pacer over `db`: shared through Postgres; in memory on SQLite, whose file one process owns. */
export const pacerFor = (db: Db): Pacer =>
  dialectOf(db) === 'postgres' ? createSharedPacer(createRateLaneRepo(db)) : createPacer();

/**
 * The pacer of replicas sharing one Postgres database: the buckets live in the database, so together they send
 * what Slack allows one app (three replicas with a bucket each would send three times that). `take` and
 * `pause` are one statement each; `wait` answers from the lane as this process last saw it, moved on by its
 * own clock (the other replicas' takes since then are only learned when `take` refuses).
 */
export function createSharedPacer(lanes: RateLaneRepo, now: () => number = Date.now): Pacer {
  /** Each lane as last answered, with how far this process's clock is ahead of the database's. */
  const seen = new Map<string, { state: RateLaneState; offset: number }>();
  const learn = (lane: string, state: RateLaneState) => seen.set(lane, { state, offset: now() - state.now });
  return {
    wait(lane, limit) {
      const s = seen.get(lane);
      return s ? waitOf(s.state, limit, now() - s.offset) : 0;
    },
    async take(lane, limit) {
      const state = await lanes.take(lane, limit);
      learn(lane, state);
      // At least 1 ms: a refusal computed to a hair under a token must not read as "go now".
      return state.took ? 0 : Math.max(1, waitOf(state, limit, state.now));
    },
    async pause(lane, _limit, ms) {
      learn(lane, await lanes.pause(lane, ms));
    },
  };
}
