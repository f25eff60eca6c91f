import type { Dispatcher } from 'undici';
import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import { type Config, findService } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { pollHealth } from '../probes/poll-health.js';
import { addressGuard } from '../probes/target-guard.js';
import { renderRecovered, renderSourceBack, renderSourceUnavailable } from '../slack/blocks/watch-notices.js';
import { renderReminderRepeat, renderRollbackReminder } from '../slack/blocks/watch-reminder.js';
import type { SlackMessage, SlackPoster } from '../slack/ports.js';
import { type DetectorAction, detect, type SampleFigures } from './detector.js';
import type { ErrorRateSource } from './error-rate-source.js';
import { completeWatch } from './watch-complete.js';
import { detectorSettings, sourceFor } from './watch-settings.js';
import { LIVE, type WatchState, type WatchStore } from './watch-store.js';
import { reminderView } from './watch-view.js';

export interface WatchRunnerDeps {
  db: Db;
  store: WatchStore;
  clock: Clock;
  poster: SlackPoster;
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  logger: Logger;
  dispatcher?: Dispatcher | undefined;
  onReleaseChanged: (releaseId: string) => void;
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
  const { store, clock, poster, config, checklist, logger } = deps;
  const timers = new Map<number, { cancel(): void }>();
  const sources = new Map<number, ErrorRateSource | undefined>();
  const inflight = new Set<Promise<void>>();
  let stopped = false;

  const threadOf = (releaseId: string) => {
    const r = store.release(releaseId);
    return r && { channel: r.channelId, threadTs: r.threadTs ?? undefined, release: r };
  };
  const say = (releaseId: string, msg: Omit<SlackMessage, 'channel'>) => {
    const t = threadOf(releaseId);
    if (!t) return Promise.resolve();
    return poster
      .post({ channel: t.channel, threadTs: t.threadTs, ...msg })
      .then(() => undefined)
      .catch((e) => logger.warn({ releaseId, error: (e as Error).message }, 'watch message failed'));
  };

  /**
   * Posts the reminder the stored state says is due. The decision is persisted first and cleared only
   * after Slack accepted the post, so a crash or a Slack outage delays a reminder instead of losing it.
   */
  async function flushPending(id: number): Promise<void> {
    const w = store.get(id);
    const pending = w?.state.pendingReminder;
    if (!w || !pending) return;
    const t = threadOf(w.releaseId);
    const clear = (reminderTs?: string) => {
      const fresh = store.get(id);
      if (!fresh) return;
      store.update(id, {
        state: { ...fresh.state, pendingReminder: undefined },
        ...(reminderTs ? { reminderTs } : {}),
        updatedAt: clock.now(),
      });
    };
    if (!t || !LIVE.includes(w.status)) return clear();
    const view = reminderView(store, checklist, w, t.release);
    try {
      if (!pending.repeat) {
        const { ts } = await poster.post({
          channel: t.channel,
          threadTs: t.threadTs,
          ...renderRollbackReminder(view),
        });
        clear(ts);
      } else {
        const link = w.reminderTs
          ? await poster.permalink(t.channel, w.reminderTs).catch(() => undefined)
          : undefined;
        const observed = pending.observed ?? view.observed;
        await poster.post({
          channel: t.channel,
          threadTs: t.threadTs,
          ...renderReminderRepeat({ ...view, observed }, link),
        });
        clear();
      }
    } catch (e) {
      logger.warn({ watchId: id, error: (e as Error).message }, 'reminder not posted; retrying next sample');
    }
  }

  async function tick(id: number): Promise<void> {
    timers.delete(id);
    await flushPending(id);
    const before = store.get(id);
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
    // Stopped mid-sample (shutdown): keep the stored step so the next process takes this sample again.
    const w = store.get(id);
    if (stopped || !w || !LIVE.includes(w.status)) return;
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
    const remind = actions.includes('remind');
    const state: WatchState = {
      ...w.state,
      detector,
      memo: source?.memo?.() ?? w.state.memo,
      pendingReminder:
        remind || actions.includes('repeat') ? { repeat: !remind, observed } : w.state.pendingReminder,
      sourceError: rate && 'unavailable' in rate ? rate.unavailable : w.state.sourceError,
    };
    const interval = w.settings.intervalMs;
    let next = w.nextSampleAt + interval > now ? w.nextSampleAt + interval : now + interval;
    if (now < w.endsAt) next = Math.min(next, w.endsAt);
    const status = detector.done ? 'completed' : detector.alerting ? 'alerting' : 'active';
    store.transaction(() => {
      store.update(id, { state, status, nextSampleAt: next, updatedAt: now });
      for (const a of actions)
        store.event(id, EVENT[a], now, undefined, {
          ...(a === 'remind'
            ? { repeat: false, observed, samples: detector.streakSamples, since: detector.alertSince }
            : {}),
          ...(a === 'repeat' ? { repeat: true, observed } : {}),
          ...(a === 'recovered' ? { observed, since: w.state.detector.alertSince } : {}),
          ...(a === 'source_error' && rate && 'unavailable' in rate ? { reason: rate.unavailable } : {}),
          ...(a.startsWith('complete') ? { quiet: a === 'complete_quiet' } : {}),
        });
    });
    for (const a of actions) {
      if (a === 'source_error')
        await say(
          w.releaseId,
          renderSourceUnavailable(w.settings.sourceLabel, state.sourceError ?? 'no answer'),
        );
      else if (a === 'source_ok') await say(w.releaseId, renderSourceBack(w.settings.sourceLabel));
      else if (a === 'remind' || a === 'repeat') await flushPending(id);
      else if (a === 'recovered')
        await say(w.releaseId, renderRecovered(observed, w.state.detector.alertSince, w.settings.intervalMs));
      else await completeWatch({ ...deps, say }, store.get(id) ?? w, a === 'complete_quiet');
    }
    if (detector.done) sources.delete(id);
    else schedule(id, next);
  }

  function schedule(id: number, at: number): void {
    if (stopped) return;
    timers.get(id)?.cancel();
    const timer = clock.setTimeout(
      () => {
        const p = tick(id)
          .catch((e) => {
            logger.error({ watchId: id, error: (e as Error).message }, 'watch sample failed');
            // An unexpected failure must not end the watch silently: try again next interval.
            try {
              const w = store.get(id);
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
    flushPending,
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
