import type { Dispatcher } from 'undici';
import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import { type Config, findService } from '../config.js';
import type { Db } from '../db/client.js';
import { LIVE, type WatchLease, type WatchState, type WatchStore } from '../db/repos/watch-repo.js';
import type { Logger } from '../logger.js';
import { type DetectorAction, detect, type SampleFigures } from '../monitor/detector.js';
import type { ErrorRateSource } from '../monitor/error-rate-source.js';
import type { WatchNotices } from '../monitor/watch-notices.js';
import { detectorSettings, sourceFor } from '../monitor/watch-settings.js';
import { pollHealth } from '../probes/poll-health.js';
import { addressGuard } from '../probes/target-guard.js';
import { completeWatch } from './watch-complete.js';
import { DISCOVERY_MS, dueFor, leaseFrom, leaseGraceMs, replicaName } from './watch-lease.js';

export interface WatchRunnerDeps {
  db: Db;
  store: WatchStore;
  clock: Clock;
  notices: WatchNotices;
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  logger: Logger;
  dispatcher?: Dispatcher | undefined;
  onReleaseChanged: (releaseId: string) => Promise<void>;
  /** Called with every sample's outcome and figures (metrics, delay measurements). */
  onSample?:
    | ((result: 'ok' | 'breach' | 'unavailable', figures: SampleFigures | undefined) => void)
    | undefined;
  /** This replica's name in `watches.lease_owner`; one per process by default (watch-lease.ts). */
  replica?: string | undefined;
  /** How often to look for watches started or released by other replicas (DISCOVERY_MS by default). */
  discoveryMs?: number | undefined;
}
export type WatchRunner = ReturnType<typeof createWatchRunner>;

const EVENT: Record<DetectorAction, string> = {
  remind: 'reminder',
  repeat: 'reminder',
  recovered: 'recovered',
  source_error: 'source_error',
  source_ok: 'source_ok',
  complete_quiet: 'completed',
  complete_noisy: 'completed',
};

/**
 * Timers and the sampling step. One sample per watch at a time; the next is scheduled when it is done. With
 * several replicas on one database, each times every live watch but samples only those it holds the lease
 * on (watch-lease.ts); a discovery pass picks up watches started or released elsewhere.
 */
export function createWatchRunner(deps: WatchRunnerDeps) {
  const { store, clock, notices, config, logger } = deps;
  const replica = deps.replica ?? replicaName();
  const timers = new Map<number, { at: number; cancel(): void }>();
  /** Watches whose tick is running (their timer is gone until it reschedules). */
  const running = new Set<number>();
  const sources = new Map<number, ErrorRateSource | undefined>();
  /** The step each watch's cached source last committed: another step means another replica sampled since. */
  const committedStep = new Map<number, number>();
  const inflight = new Set<Promise<void>>();
  let discovery: { cancel(): void } | undefined;
  let stopped = false;

  /**
   * A reminder an older version decided but had not posted (it kept it in the watch's state until Slack
   * accepted it): hand it to the outbox now. Reminders are outbox rows from the start today.
   */
  async function adoptPending(id: number): Promise<void> {
    await store.transaction(async () => {
      await store.lockWatch(id);
      const w = await store.get(id);
      const pending = w?.state.pendingReminder;
      if (!w || !pending) return;
      await store.update(id, { state: { ...w.state, pendingReminder: undefined }, updatedAt: clock.now() });
      if (!LIVE.includes(w.status)) return;
      if (pending.repeat) await notices.reminderRepeat(id, pending.observed, `adopted-${w.updatedAt}`);
      else await notices.reminder(id, `adopted-${w.updatedAt}`);
    });
  }

  /** Times a watch from what the database says: when it is due, or when another replica's lease runs out. */
  function reschedule(w: WatchLease | undefined): void {
    if (w) schedule(w.id, dueFor(w, replica, clock.now()));
  }

  async function tick(id: number): Promise<void> {
    timers.delete(id);
    running.add(id);
    try {
      await sampleStep(id);
    } finally {
      running.delete(id);
    }
  }

  async function sampleStep(id: number): Promise<void> {
    const before = await store.get(id);
    if (stopped || !before || !LIVE.includes(before.status)) return forget(id);
    const now = clock.now();
    // Woken early (the lease timer of a watch another replica still samples, or a stale timer): wait for the step.
    if (before.nextSampleAt > now) return schedule(id, before.nextSampleAt);
    const interval = before.settings.intervalMs;
    if (!(await store.takeLease(id, replica, now, leaseFrom(now, interval)))) {
      // Another replica holds it: look again when its lease runs out (if it is alive, it will have renewed).
      const w = await store.get(id);
      if (w && LIVE.includes(w.status)) reschedule(w);
      return;
    }
    // Another replica sampled since this one's source last did: its counters are stale, start from the stored memo.
    if (committedStep.get(id) !== before.nextSampleAt) sources.delete(id);
    if (!sources.has(id))
      sources.set(
        id,
        sourceFor(findService(config, before.service), before.settings, before.state.memo, deps.dispatcher),
      );
    const source = sources.get(id);
    const [rate, healthy] = await Promise.all([
      source?.sample(now),
      pollHealth(before.settings.healthUrl, {
        timeoutMs: Math.min(interval, 10_000),
        guard: addressGuard(config.file.probes.allowLinkLocal),
      }),
    ]);
    // The watch is read again in the transaction that writes its next state, so a decision recorded while
    // sampling is not overwritten. Stopped mid-sample (shutdown): keep the stored step so the next holder
    // takes this sample again. The state is written only if this replica still holds the lease and the step
    // is still the one sampled (another replica may have taken over meanwhile): a step is applied once. The
    // new state, its events and every message they cause commit together; the outbox sends them.
    const outcome = await store.transaction(async () => {
      await store.lockWatch(id);
      const w = await store.get(id);
      if (stopped || !w || !LIVE.includes(w.status)) return undefined;
      const { state: detector, actions } = detect(
        w.state.detector,
        { rate, healthy },
        detectorSettings(w.settings),
        now,
      );
      const measured = rate && !('unavailable' in rate);
      const observed = detector.last ?? undefined;
      const state: WatchState = {
        ...w.state,
        detector,
        memo: source?.memo?.() ?? w.state.memo,
        sourceError: rate && 'unavailable' in rate ? rate.unavailable : w.state.sourceError,
      };
      let next = w.nextSampleAt + interval > now ? w.nextSampleAt + interval : now + interval;
      if (now < w.endsAt) next = Math.min(next, w.endsAt);
      const status = detector.done ? 'completed' : detector.alerting ? 'alerting' : 'active';
      const applied = await store.commitStep(
        id,
        { owner: replica, step: before.nextSampleAt },
        { state, status, nextSampleAt: next, updatedAt: now, leaseUntil: next + leaseGraceMs(interval) },
      );
      if (!applied) return { lost: true } as const;
      deps.onSample?.(
        !measured ? 'unavailable' : rate.ratio > w.settings.threshold ? 'breach' : 'ok',
        measured ? (detector.last ?? undefined) : undefined,
      );
      // Every measured sample is kept: the error-rate chart is drawn from them.
      if (measured)
        await store.charts.addSample(id, {
          at: now,
          errors: rate.errors,
          total: rate.total,
          ratio: rate.ratio,
        });
      for (const a of actions)
        await store.event(id, EVENT[a], now, undefined, {
          ...(a === 'remind'
            ? { repeat: false, observed, samples: detector.streakSamples, since: detector.alertSince }
            : {}),
          ...(a === 'repeat' ? { repeat: true, observed } : {}),
          ...(a === 'recovered' ? { observed, since: w.state.detector.alertSince } : {}),
          ...(a === 'source_error' && rate && 'unavailable' in rate ? { reason: rate.unavailable } : {}),
          ...(a.startsWith('complete') ? { quiet: a === 'complete_quiet' } : {}),
        });
      for (const a of actions) {
        if (a === 'source_error')
          await notices.sourceUnavailable(
            w.releaseId,
            w.settings.sourceLabel,
            state.sourceError ?? 'no answer',
          );
        else if (a === 'source_ok') await notices.sourceBack(w.releaseId, w.settings.sourceLabel);
        else if (a === 'remind') await notices.reminder(id, String(now));
        else if (a === 'repeat') await notices.reminderRepeat(id, observed, String(now));
        else if (a === 'recovered')
          await notices.recovered(w.releaseId, observed, w.state.detector.alertSince, w.settings.intervalMs);
        else await completeWatch(deps, (await store.get(id)) ?? w, a === 'complete_quiet');
      }
      return { lost: false, done: detector.done, next } as const;
    });
    if (!outcome) return;
    if (outcome.lost) {
      // Another replica took the watch or applied this step: this sample is dropped, with the source it moved.
      sources.delete(id);
      const w = await store.get(id);
      if (w && LIVE.includes(w.status)) reschedule(w);
      return;
    }
    committedStep.set(id, outcome.next);
    if (outcome.done) forget(id);
    else schedule(id, outcome.next);
  }

  function forget(id: number): void {
    timers.get(id)?.cancel();
    timers.delete(id);
    sources.delete(id);
    committedStep.delete(id);
  }

  /**
   * Times every live watch this replica does not time yet, and moves a timer earlier when the watch became
   * free (its holder stopped gracefully or its lease ran out).
   */
  async function discover(): Promise<void> {
    for (const w of await store.leases()) {
      if (stopped) return;
      if (running.has(w.id)) continue;
      const at = dueFor(w, replica, clock.now());
      const timer = timers.get(w.id);
      if (!timer || at < timer.at) schedule(w.id, at);
    }
  }

  function track(p: Promise<void>): void {
    const tracked = p.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
  }

  function discoverEvery(ms: number): void {
    if (stopped) return;
    discovery = clock.setTimeout(() => {
      track(
        discover()
          .catch((e) => logger.error({ error: (e as Error).message }, 'watch discovery failed'))
          .finally(() => discoverEvery(ms)),
      );
    }, ms);
  }

  function schedule(id: number, at: number): void {
    if (stopped) return;
    timers.get(id)?.cancel();
    const timer = clock.setTimeout(
      () => {
        track(
          tick(id).catch(async (e) => {
            logger.error({ watchId: id, error: (e as Error).message }, 'watch sample failed');
            // An unexpected failure must not end the watch silently: try again next interval.
            try {
              const w = await store.get(id);
              if (w && LIVE.includes(w.status)) schedule(id, clock.now() + w.settings.intervalMs);
            } catch {
              // The database is gone (shutdown); the next holder picks the watch up.
            }
          }),
        );
      },
      Math.max(0, at - clock.now()),
    );
    timers.set(id, { at, cancel: () => timer.cancel() });
  }

  return {
    schedule,
    adoptPending,
    /** Times every live watch (resume, or a replica starting), then keeps looking every `discoveryMs`. */
    async discover(): Promise<void> {
      await discover();
      if (!discovery) discoverEvery(deps.discoveryMs ?? DISCOVERY_MS);
    },
    cancel: forget,
    /** Stops the timers; stored watches stay live, and their leases held until `release()` or they run out. */
    stop() {
      stopped = true;
      discovery?.cancel();
      for (const t of timers.values()) t.cancel();
      timers.clear();
    },
    async settled() {
      while (inflight.size) await Promise.all([...inflight]);
    },
    /** Gives up this replica's leases (after stop and settled), so another replica takes its watches at once. */
    release: () => store.releaseLeases(replica),
  };
}
