import type { AlertView, WatchCompletedView, WatchStartedView } from '../../monitor/watch-views.js';
import type { Block } from '../ports.js';
import { esc, figures, mention, percent, sampleFigures, slackDate, truncate } from './watch-text.js';

export type { AlertView, WatchCompletedView, WatchStartedView };

const message = (text: string): { text: string; blocks: Block[] } => ({
  text: truncate(text, 3900),
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
});

/** Posted in the release thread when the release is marked deployed. */
export function renderWatchStarted(v: WatchStartedView) {
  const health = `polling ${esc(v.healthUrl)} every ${v.intervalSeconds} s`;
  const rule = `reminder after ${v.consecutive} consecutive samples above ${percent(v.threshold)} with at least ${v.minRequests} requests each`;
  const what = {
    prometheus: `sampling the error ratio from ${esc(v.sourceLabel)} every ${v.intervalSeconds} s (${rule}), ${health}`,
    metrics: `sampling the error ratio from ${esc(v.sourceLabel)} every ${v.intervalSeconds} s (${rule}), ${health}`,
    alertmanager: `waiting for Alertmanager alerts for this service and ${health}`,
    none: `only ${health}: this service has no \`monitor\` source configured, so the error ratio is not watched`,
  }[v.sourceType];
  return message(`:eyes: *Post-deploy watch started* for ${v.windowMinutes} min: ${what}.`);
}

export function renderSourceUnavailable(sourceLabel: string, reason: string) {
  return message(
    `:warning: Cannot read the error ratio from ${esc(sourceLabel)}: ${esc(reason)}. Retrying every interval; this is posted once until it answers again.`,
  );
}

export function renderSourceBack(sourceLabel: string) {
  return message(`:white_check_mark: ${esc(sourceLabel)} answers again; the watch continues.`);
}

export function renderRecovered(
  observed:
    | { ratio: number; errors: number; total: number; at?: number | undefined; since?: number | undefined }
    | undefined,
  since: number | null,
  intervalMs: number,
) {
  const now = observed ? ` at ${sampleFigures(observed, intervalMs)}` : '';
  const from = since ? ` (above the threshold since ${slackDate(since)})` : '';
  return message(`:large_green_circle: Error ratio back under the threshold${now}${from}.`);
}

export function renderWatchCompleted(v: WatchCompletedView) {
  const ratio = v.requests > 0 ? v.errors / v.requests : 0;
  const lines = [
    v.quiet
      ? `:white_check_mark: *Post-deploy watch finished quietly* after ${v.windowMinutes} min.`
      : `:warning: *Post-deploy watch finished* after ${v.windowMinutes} min with ${v.alerts} alert${v.alerts === 1 ? '' : 's'}${v.sampled && v.samples < v.unavailable ? ' and the error source mostly unavailable' : ''}.`,
    v.sampled
      ? `Error ratio: ${figures({ ratio, errors: v.errors, total: v.requests })} over ${v.samples} samples (peak ${percent(v.peakRatio)}, ${v.unavailable} unavailable).`
      : undefined,
    `Health: ${v.healthOk} of ${v.healthOk + v.healthFailed} checks passed.`,
    v.verified.length ? `Verified by the watch: ${v.verified.map(esc).join('; ')}.` : undefined,
  ];
  return message(lines.filter(Boolean).join('\n'));
}

/** An Alertmanager alert for a service with no watched release goes to the service's channel. */
export function renderChannelAlert(a: AlertView, owners: readonly string[]) {
  const who = owners.map(mention).join(' ');
  const since =
    a.startsAt && !Number.isNaN(Date.parse(a.startsAt)) ? ` since ${slackDate(Date.parse(a.startsAt))}` : '';
  const link = a.url ? ` <${a.url}|Alertmanager>` : '';
  return message(
    `:rotating_light: ${who ? `${who} ` : ''}*${esc(a.service)}*: alert *${esc(a.name)}* is firing${since}${a.summary ? `: ${esc(a.summary)}` : ''}.${link}`,
  );
}

export function renderAlertResolved(a: AlertView) {
  return message(`:large_green_circle: *${esc(a.service)}*: alert *${esc(a.name)}* resolved.`);
}

export function renderWatchStopped(reason: 'rolled_back' | 'cancelled', by: string) {
  return message(
    reason === 'rolled_back'
      ? `:rewind: ${mention(by)} marked the release as rolled back; the watch has stopped.`
      : `:stop_sign: Watch cancelled by ${mention(by)}.`,
  );
}
