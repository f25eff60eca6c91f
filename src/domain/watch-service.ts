import { findService } from '../config.js';
import { serializeOn } from '../db/dialect-sql.js';
import { createWatchStore, LIVE } from '../db/repos/watch-repo.js';
import { AppError, ErrorCode } from '../errors.js';
import type { AlertmanagerPayload } from '../monitor/alertmanager-payload.js';
import { applyDecision, type Decision, initialState } from '../monitor/detector.js';
import { handleAlerts } from '../monitor/watch-alerts.js';
import { watchSettingsFor } from '../monitor/watch-settings.js';
import type { Via } from './item-states.js';
import { setReleaseStatus } from './release-status.js';
import { createWatchRunner, type WatchRunnerDeps } from './watch-runner.js';

/** What a watch needs: the runner's dependencies without its store, which the service creates. */
export type WatchServiceDeps = Omit<WatchRunnerDeps, 'store'>;

export type WatchService = ReturnType<typeof createWatchService>;

const decisionKind = (d: Decision) => (typeof d === 'object' ? 'snoozed' : d);

/**
 * The post-deploy watch: one stored row per deployed release, sampled on the injected clock from its
 * persisted `nextSampleAt`, so a restart (resumeAll) continues where it stopped without replaying samples.
 */
export function createWatchService(deps: WatchServiceDeps) {
  const { db, clock, config, checklist } = deps;
  const store = createWatchStore(db);
  const runner = createWatchRunner({ ...deps, store });

  const { notices } = deps;
  let stopping: Promise<void> | undefined;

  return {
    /** Starts watching a deployed release; a second call for the same release returns the live watch. */
    async start(releaseId: string, by: string): Promise<number> {
      const now = clock.now();
      // The check and the insert share one transaction, so two calls at once start one watch.
      const { id, created } = await store.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        const existing = await store.liveForRelease(releaseId);
        if (existing) return { id: existing.id, created: false };
        const release = await store.release(releaseId);
        if (!release) throw new AppError(ErrorCode.NOT_FOUND, `release ${releaseId} not found`);
        const service = findService(config, release.service);
        if (!service)
          throw new AppError(
            ErrorCode.INVALID_STATE,
            `service "${release.service}" is not in the config; add it under \`services\` to watch its deploys`,
          );
        const settings = watchSettingsFor(service, now);
        const watchId = await store.insert({
          releaseId,
          service: service.name,
          status: 'active',
          startedAt: now,
          endsAt: settings.endsAt,
          // The first sample runs at once: it is the /metrics baseline and the first health check.
          nextSampleAt: now,
          settings,
          state: { detector: initialState() },
          updatedAt: now,
        });
        await store.event(watchId, 'started', now, by, { source: settings.sourceType });
        await store.audit({
          releaseId,
          actor: by,
          action: 'watch.started',
          target: String(watchId),
          via: 'watch',
          at: now,
        });
        await notices.started(releaseId, { ...settings, intervalSeconds: settings.intervalMs / 1000 });
        return { id: watchId, created: true };
      });
      if (created) runner.schedule(id, now);
      return id;
    },

    /**
     * At start: times each live watch (undelivered messages wait in the outbox), and from then on picks up
     * watches other replicas start or give up. Each is sampled by whichever replica holds its lease.
     */
    async resumeAll(): Promise<void> {
      for (const w of await store.live()) await runner.adoptPending(w.id);
      await runner.discover();
    },

    /**
     * Graceful stop: no more samples, the ones in flight finish, then this replica's leases are released so
     * another replica takes its watches at once. Stored watches stay live. A second call waits for the first.
     */
    stop(): Promise<void> {
      stopping ??= (async () => {
        runner.stop();
        await runner.settled();
        await runner.release();
      })();
      return stopping;
    },

    /** Waits for samples in flight (tests, graceful shutdown). */
    settled: () => runner.settled(),

    async decide(watchId: number, decision: Decision, userId: string, via: Via): Promise<void> {
      const now = clock.now();
      const kind = decisionKind(decision);
      const detail = typeof decision === 'object' ? { minutes: decision.snoozeMinutes } : {};
      // Read in the transaction that writes it: a sample recorded in between is not overwritten.
      await store.transaction(async () => {
        await store.lockWatch(watchId);
        const w = await store.get(watchId);
        if (!w) throw new AppError(ErrorCode.NOT_FOUND, `watch ${watchId} not found`);
        if (!LIVE.includes(w.status))
          throw new AppError(ErrorCode.INVALID_STATE, `this watch has already ended (${w.status})`);
        const detector = applyDecision(w.state.detector, decision, now);
        const status = kind === 'rolled_back' ? 'rolled_back' : detector.alerting ? 'alerting' : 'active';
        await store.update(watchId, { state: { ...w.state, detector }, status, updatedAt: now });
        await store.event(watchId, kind, now, userId, detail);
        await store.audit({
          releaseId: w.releaseId,
          actor: userId,
          action: `watch.${kind}`,
          target: String(watchId),
          detail,
          via,
          at: now,
        });
        if (kind === 'rolled_back') {
          await setReleaseStatus(db, {
            releaseId: w.releaseId,
            status: 'rolled_back',
            by: userId,
            at: now,
            via,
            detail: { watchId },
            target: w.releaseId,
          });
          await notices.stopped(w.releaseId, 'rolled_back', userId);
          await deps.onReleaseChanged(w.releaseId);
        }
        await notices.reminderChanged(watchId);
      });
      if (kind === 'rolled_back') runner.cancel(watchId);
    },

    /** A rollback-plan checkbox: stored with who and when, shown on the reminder. Works after the watch ended. */
    async tickPlan(
      watchId: number,
      itemId: string,
      ticked: boolean,
      userId: string,
      via: Via,
    ): Promise<void> {
      const w = await store.get(watchId);
      if (!w) throw new AppError(ErrorCode.NOT_FOUND, `watch ${watchId} not found`);
      if (!checklist.rollbackPlan.some((i) => i.id === itemId))
        throw new AppError(ErrorCode.BAD_INPUT, `"${itemId}" is not a rollback plan step`);
      const now = clock.now();
      await store.transaction(async () => {
        await store.event(watchId, 'plan_step', now, userId, { itemId, ticked });
        await store.audit({
          releaseId: w.releaseId,
          actor: userId,
          action: 'watch.plan_step',
          target: itemId,
          detail: { watchId, ticked },
          via,
          at: now,
        });
        await notices.reminderChanged(watchId);
      });
    },

    /** Alertmanager webhook body (already authenticated and validated). */
    handleAlertmanager: (payload: AlertmanagerPayload) =>
      handleAlerts(payload, { store, config, notices, logger: deps.logger, clock }),
  };
}
