import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import { type Config, findService } from '../config.js';
import type { Logger } from '../logger.js';
import { type AlertView, renderAlertResolved, renderChannelAlert } from '../slack/blocks/watch-notices.js';
import type { SlackMessage, SlackPoster } from '../slack/ports.js';
import { type Alert, type AlertmanagerPayload, fingerprintOf, serviceLabel } from './alertmanager-payload.js';
import { applyAlert } from './detector.js';
import type { WatchRunner } from './watch-runner.js';
import type { WatchRow, WatchStore } from './watch-store.js';

export interface AlertDeps {
  store: WatchStore;
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  poster: SlackPoster;
  logger: Logger;
  clock: Clock;
  runner: Pick<WatchRunner, 'flushPending'>;
}

const viewOf = (a: Alert, service: string, payload: AlertmanagerPayload): AlertView => ({
  service,
  name: a.labels.alertname ?? payload.commonLabels.alertname ?? 'alert',
  summary: a.annotations.summary ?? a.annotations.description ?? payload.commonAnnotations.summary,
  startsAt: a.startsAt,
  url: a.generatorURL ?? payload.externalURL,
});

/** One alert about a service with a watched release: the reminder flow in that release's thread. */
async function intoWatch(deps: AlertDeps, w: WatchRow, a: Alert, view: AlertView): Promise<boolean> {
  const { store, clock, poster } = deps;
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
  store.transaction(() => {
    store.update(w.id, {
      state: {
        ...w.state,
        detector,
        fingerprints: [...known],
        pendingReminder: action === 'remind' ? { repeat: false } : w.state.pendingReminder,
      },
      status: detector.alerting ? 'alerting' : 'active',
      updatedAt: now,
    });
    store.event(w.id, firing ? 'alert_firing' : 'alert_resolved', now, undefined, {
      alert: view.name,
      fingerprint,
    });
    if (action === 'remind')
      store.event(w.id, 'reminder', now, undefined, {
        repeat: false,
        alert: { name: view.name, summary: view.summary },
        since,
      });
  });
  if (action === 'remind') {
    await deps.runner.flushPending(w.id);
    return true;
  }
  const release = store.release(w.releaseId);
  if (!release) return false;
  // Already alerting (the error ratio got there first) or resolved: say so in the thread.
  const msg: Omit<SlackMessage, 'channel'> = firing
    ? renderChannelAlert(view, [])
    : renderAlertResolved(view);
  await poster.post({ channel: release.channelId, threadTs: release.threadTs ?? undefined, ...msg });
  return true;
}

/**
 * Firing alerts whose `service`/`job`/`app` label names a service with a live watch go to that release's
 * thread as a rollback reminder; others go to the service's channel (or the default channel).
 */
export async function handleAlerts(
  payload: AlertmanagerPayload,
  deps: AlertDeps,
): Promise<{ posted: number }> {
  const { store, config, poster, logger } = deps;
  let posted = 0;
  for (const a of payload.alerts) {
    const name = serviceLabel(a, payload.commonLabels);
    if (!name) {
      logger.info({ labels: a.labels }, 'alert without service/job/app label ignored');
      continue;
    }
    const service = findService(config, name);
    const view = viewOf(a, service?.name ?? name, payload);
    const watches = service ? store.liveForService(service.name) : [];
    try {
      if (watches.length) {
        for (const w of watches) if (await intoWatch(deps, w, a, view)) posted++;
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
      const msg =
        a.status === 'firing' ? renderChannelAlert(view, service?.owners ?? []) : renderAlertResolved(view);
      await poster.post({ channel, ...msg });
      posted++;
    } catch (e) {
      logger.warn({ service: name, error: (e as Error).message }, 'alert not posted');
    }
  }
  return { posted };
}
