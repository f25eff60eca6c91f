import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { WatchLease } from '../db/repos/watch-repo.js';

/**
 * Several replicas share one database; each live watch is sampled by the one replica holding its lease
 * (`watches.lease_owner` until `watches.lease_until`). The arithmetic, with I the watch's sampling interval:
 *
 * - The holder takes or renews the lease when a sample is due (time t), until t + I + I/2, and its commit
 *   sets it to (next sample) + I/2, i.e. again about t + 1.5 I. Its next tick, at t + I, renews it with I/2
 *   to spare (for a late timer or a slow sample).
 * - Every other replica keeps a timer per watch at lease_until + 1 ms: if the holder renewed, it only moves
 *   the timer; if the holder died after sampling at t, the lease has run out at t + 1.5 I, and that replica
 *   takes it and samples at once (the step due at t + I is overdue). So a dead holder's watch is sampled
 *   again within 1.5 I of its last sample: never more than 2 intervals without a sample, at most one
 *   sample late. (Replica clocks must agree to well within I/2; NTP does.)
 * - A graceful stop releases the leases; the others' discovery pass (every DISCOVERY_MS) sees the watch
 *   free and due, and samples it then.
 *
 * The lease only decides who does the work. Correctness does not rest on it: a sample commits only if its
 * replica still holds the lease and the step (`next_sample_at`) is still the one it sampled, so a step is
 * never applied twice, and its reminders (written in the same transaction) neither doubled nor lost.
 */
export const leaseGraceMs = (intervalMs: number): number => intervalMs / 2;

/** The lease a tick takes when a sample is due at `now`: through this sample and the next tick, plus grace. */
export const leaseFrom = (now: number, intervalMs: number): number =>
  now + intervalMs + leaseGraceMs(intervalMs);

/** How often a replica looks for watches it does not time yet (started elsewhere) or that were released. */
export const DISCOVERY_MS = 5_000;

/** This process's name in `lease_owner`: readable in the database, unique per process start. */
export const replicaName = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * When `replica` should next look at a watch: when it is due, if nobody else holds it; otherwise just after
 * the holder's lease runs out (a live holder will have renewed it by then, and the timer simply moves).
 */
export function dueFor(w: WatchLease, replica: string, now: number): number {
  const heldElsewhere = !!w.leaseOwner && w.leaseOwner !== replica && (w.leaseUntil ?? 0) >= now;
  return heldElsewhere ? Math.max(w.nextSampleAt, (w.leaseUntil ?? 0) + 1) : w.nextSampleAt;
}
