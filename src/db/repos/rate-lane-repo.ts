import { type SQL, sql } from 'drizzle-orm';
import { type Db, dialectOf } from '../client.js';

/** A lane's bucket as the database holds it, and the database's clock when the statement ran. */
export interface RateLaneState {
  /** Whether this call took a token (always false for a pause). */
  took: boolean;
  tokens: number;
  /** Database-clock milliseconds; see the `slack_rate_lanes` table. */
  at: number;
  pausedUntil: number;
  now: number;
}

/** The database's clock, in milliseconds: one clock for every replica, whatever theirs say. */
const NOW = sql.raw('cast(extract(epoch from clock_timestamp()) * 1000 as bigint)');
const RETURNING = sql.raw('returning took, tokens, at, paused_until, (select t from c)');

/**
 * The outbox's token buckets shared by the replicas on one Postgres database (`slack_rate_lanes`). Each call
 * is one statement, so replicas deciding at once are serialized by the lane's row lock and the second sees
 * what the first took. Postgres only: on SQLite the one process owning the file paces in memory.
 */
export function createRateLaneRepo(db: Db) {
  if (dialectOf(db) !== 'postgres') throw new Error('slack_rate_lanes is shared through Postgres only');
  const one = async (statement: SQL): Promise<RateLaneState> => {
    const [took, tokens, at, pausedUntil, now] = (await db.get(statement)) as number[];
    return { took: took === 1, tokens: tokens!, at: at!, pausedUntil: pausedUntil!, now: now! };
  };
  return {
    /**
     * Takes a token if the lane holds one and is not paused, refilling it first by the time elapsed at the
     * lane's rate (a lane seen for the first time starts full). A refusal leaves the bucket as it was and
     * answers it, so the caller knows how long to wait.
     */
    take(lane: string, limit: { perMinute: number; burst: number }): Promise<RateLaneState> {
      const burst = sql`cast(${limit.burst} as double precision)`;
      const perMs = sql`cast(${limit.perMinute} as double precision) / 60000.0`;
      const refill = sql`least(${burst}, l.tokens + greatest(0, excluded.at - l.at) * ${perMs})`;
      const ok = sql`(l.paused_until <= excluded.at and ${refill} >= 1)`;
      return one(sql`with c as (select ${NOW} as t)
        insert into slack_rate_lanes as l (lane, tokens, at, paused_until, took)
        select cast(${lane} as text), ${burst} - 1, c.t, 0, 1 from c
        on conflict (lane) do update set
          tokens = case when ${ok} then ${refill} - 1 else l.tokens end,
          at = case when ${ok} then greatest(l.at, excluded.at) else l.at end,
          took = case when ${ok} then 1 else 0 end
        ${RETURNING}`);
    },
    /**
     * Slack answered 429: nothing goes out for `ms` (a longer pause already set stands), then one request,
     * then the lane refills at its rate from the pause's end.
     */
    pause(lane: string, ms: number): Promise<RateLaneState> {
      const until = sql`c.t + cast(${Math.ceil(ms)} as bigint)`;
      return one(sql`with c as (select ${NOW} as t)
        insert into slack_rate_lanes as l (lane, tokens, at, paused_until, took)
        select cast(${lane} as text), 1, ${until}, ${until}, 0 from c
        on conflict (lane) do update set
          tokens = 1,
          at = greatest(l.paused_until, excluded.paused_until),
          paused_until = greatest(l.paused_until, excluded.paused_until),
          took = 0
        ${RETURNING}`);
    },
  };
}
export type RateLaneRepo = ReturnType<typeof createRateLaneRepo>;
