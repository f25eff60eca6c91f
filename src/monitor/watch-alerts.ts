import type { Clock } from '../clock.js';
import { type Config, findService } from '../config.js';
import { LIVE, type WatchStore } from '../db/repos/watch-repo.js';
import type { Logger } from '../logger.js';
import { type Alert, type AlertmanagerPayload, fingerprintOf, serviceLabel } from './alertmanager-payload.js';
import { applyAlert } from './detector.js';
import type { WatchNotices } from './watch-notices.js';
import type { AlertView } from './watch-views.js';

export interface AlertDeps {
  store: WatchStore;
  config: Pick<Config, 'file'>;
  notices: WatchNotices;
  logger: Logger;
  clock: Clock;
}

const viewOf = (a: Alert, service: string, payload: AlertmanagerPayload): AlertView => ({
  service,
  name: a.labels.alertname ?? payload.commonLabels.alertname ?? 'alert',
  summary: a.annotations.summary ?? a.annotations.description ?? payload.commonAnnotations.summary,
  startsAt: a.startsAt,
  url: a.generatorURL ?? payload.externalURL,
});

/**
 * One alert about a service with a watched release: the reminder flow in that release's thread. The watch is
 * read again inside the transaction that updates it, so state saved meanwhile (a sample) is built on, not
 * overwritten, and a watch that ended meanwhile is left alone.
 */
function intoWatch(deps: AlertDeps, watchId: number, a: Alert, view: AlertView): Promise<boolean> {
  const { store, clock, notices } = deps;
  return store.transaction(async () => {
    await store.lockWatch(watchId);
    const w = await store.get(watchId);
    if (!w || !LIVE.includes(w.status)) return false;
    const now = clock.now();
    const fingerprint = fingerprintOf(a);
    const known = new Set(w.state.fingerprints ?? []);
    const firing = a.status === 'firing';
    // Alertmanager re-sends firing alerts every group_interval; one reminder per alert is enough.
    if (firing && known.has(fingerprint)) return false;
    if (firing) known.add(fingerprint);
    else known.delete(fingerprint);
    let detector = w.state.detector;
    let action: 'remind' | 'recovered' | undefined;
    if (firing || known.size === 0) ({ state: detector, action } = applyAlert(detector, firing, now));
    const since =
      a.startsAt && !Number.isNaN(Date.parse(a.startsAt)) ? Math.min(Date.parse(a.startsAt), now) : now;
    await store.update(w.id, {
      state: {
        ...w.state,
        detector,
        fingerprints: [...known],
      },
      status: detector.alerting ? 'alerting' : 'active',
      updatedAt: now,
    });
    await store.event(w.id, firing ? 'alert_firing' : 'alert_resolved', now, undefined, {
      alert: view.name,
      fingerprint,
    });
    if (action === 'remind')
      await store.event(w.id, 'reminder', now, undefined, {
        repeat: false,
        alert: { name: view.name, summary: view.summary },
        since,
      });
    // A new reminder; or, already alerting (the error ratio got there first) or resolved: say so in the thread.
    if (action === 'remind') await notices.reminder(w.id, fingerprint);
    else await notices.alertInThread(w.releaseId, view, firing);
    return true;
  });
}

/**
 * Firing alerts whose `service`/`job`/`app` label names a service with a live watch go to that release's
 * thread as a rollback reminder; others go to the service's channel (or the default channel).
 */
export async function handleAlerts(
  payload: AlertmanagerPayload,
  deps: AlertDeps,
): Promise<{ posted: number }> {
  const { store, config, notices, logger } = deps;
  let posted = 0;
  for (const a of payload.alerts) {
    const name = serviceLabel(a, payload.commonLabels);
    if (!name) {
      logger.info({ labels: a.labels }, 'alert without service/job/app label ignored');
      continue;
    }
    const service = findService(config, name);
    const view = viewOf(a, service?.name ?? name, payload);
    const watches = service ? await store.liveForService(service.name) : [];
    try {
      if (watches.length) {
        for (const w of watches) if (await intoWatch(deps, w.id, a, view)) posted++;
        continue;
      }
      const channel = service?.channel ?? config.file.defaultChannel;
      if (!channel) {
        logger.warn(
          { service: name },
          'alert for a service with no channel and no defaultChannel; not posted',
        );
        continue;
      }
      await notices.channelAlert(channel, view, service?.owners ?? [], a.status === 'firing');
      posted++;
    } catch (e) {
      logger.warn({ service: name, error: (e as Error).message }, 'alert not posted');
    }
  }
  return { posted };
}
