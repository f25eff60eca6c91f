import type { Dispatcher } from 'undici';
import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import { type Config, findService } from '../config.js';
import type { Db } from '../db/client.js';
import { LIVE, type WatchState, type WatchStore } from '../db/repos/watch-repo.js';
import type { Logger } from '../logger.js';
import { type DetectorAction, detect, type SampleFigures } from '../monitor/detector.js';
import type { ErrorRateSource } from '../monitor/error-rate-source.js';
import type { WatchNotices } from '../monitor/watch-notices.js';
import { detectorSettings, sourceFor } from '../monitor/watch-settings.js';
import { pollHealth } from '../probes/poll-health.js';
import { addressGuard } from '../probes/target-guard.js';
import { completeWatch } from './watch-complete.js';

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

/** Timers and the sampling step. One sample per watch at a time; the next is scheduled when it is done. */
export function createWatchRunner(deps: WatchRunnerDeps) {
  const { store, clock, notices, config, logger } = deps;
  const timers = new Map<number, { cancel(): void }>();
  const sources = new Map<number, ErrorRateSource | undefined>();
  const inflight = new Set<Promise<void>>();
  let stopped = false;

  /**
   * A reminder an older version decided but had not posted (it kept it in the watch's state until Slack
   * accepted it): hand it to the outbox now. Reminders are outbox rows from the start today.
   */
  async function adoptPending(id: number): Promise<void> {
    await store.transaction(async () => {
      const w = await store.get(id);
      const pending = w?.state.pendingReminder;
      if (!w || !pending) return;
      await store.update(id, { state: { ...w.state, pendingReminder: undefined }, updatedAt: clock.now() });
      if (!LIVE.includes(w.status)) return;
      if (pending.repeat) await notices.reminderRepeat(id, pending.observed, `adopted-${w.updatedAt}`);
      else await notices.reminder(id, `adopted-${w.updatedAt}`);
    });
  }

  async function tick(id: number): Promise<void> {
    timers.delete(id);
    const before = await store.get(id);
    if (stopped || !before || !LIVE.includes(before.status)) return;
    if (!sources.has(id))
      sources.set(
        id,
        sourceFor(findService(config, before.service), before.settings, before.state.memo, deps.dispatcher),
      );
    const source = sources.get(id);
    const now = clock.now();
    const [rate, healthy] = await Promise.all([
      source?.sample(now),
      pollHealth(before.settings.healthUrl, {
        timeoutMs: Math.min(before.settings.intervalMs, 10_000),
        guard: addressGuard(config.file.probes.allowLinkLocal),
      }),
    ]);
    // The watch is read again in the transaction that writes its next state, so a decision recorded while
    // sampling is not overwritten. Stopped mid-sample (shutdown): keep the stored step so the next process
    // takes this sample again. The new state, its events and every message they cause commit together; the
    // outbox sends them.
    const outcome = await store.transaction(async () => {
      const w = await store.get(id);
      if (stopped || !w || !LIVE.includes(w.status)) return undefined;
      const { state: detector, actions } = detect(
        w.state.detector,
        { rate, healthy },
        detectorSettings(w.settings),
        now,
      );
      const measured = rate && !('unavailable' in rate);
      deps.onSample?.(
        !measured ? 'unavailable' : rate.ratio > w.settings.threshold ? 'breach' : 'ok',
        measured ? (detector.last ?? undefined) : undefined,
      );
      const observed = detector.last ?? undefined;
      const state: WatchState = {
        ...w.state,
        detector,
        memo: source?.memo?.() ?? w.state.memo,
        sourceError: rate && 'unavailable' in rate ? rate.unavailable : w.state.sourceError,
      };
      const interval = w.settings.intervalMs;
      let next = w.nextSampleAt + interval > now ? w.nextSampleAt + interval : now + interval;
      if (now < w.endsAt) next = Math.min(next, w.endsAt);
      const status = detector.done ? 'completed' : detector.alerting ? 'alerting' : 'active';
      await store.update(id, { state, status, nextSampleAt: next, updatedAt: now });
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
      return { done: detector.done, next };
    });
    if (!outcome) return;
    if (outcome.done) sources.delete(id);
    else schedule(id, outcome.next);
  }

  function schedule(id: number, at: number): void {
    if (stopped) return;
    timers.get(id)?.cancel();
    const timer = clock.setTimeout(
      () => {
        const p = tick(id)
          .catch(async (e) => {
            logger.error({ watchId: id, error: (e as Error).message }, 'watch sample failed');
            // An unexpected failure must not end the watch silently: try again next interval.
            try {
              const w = await store.get(id);
              if (w && LIVE.includes(w.status)) schedule(id, clock.now() + w.settings.intervalMs);
            } catch {
              // The database is gone (shutdown); resumeAll picks the watch up in the next process.
            }
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
      },
      Math.max(0, at - clock.now()),
    );
    timers.set(id, timer);
  }

  return {
    schedule,
    adoptPending,
    cancel(id: number) {
      timers.get(id)?.cancel();
      timers.delete(id);
      sources.delete(id);
    },
    stop() {
      stopped = true;
      for (const t of timers.values()) t.cancel();
      timers.clear();
    },
    async settled() {
      while (inflight.size) await Promise.all([...inflight]);
    },
  };
}
