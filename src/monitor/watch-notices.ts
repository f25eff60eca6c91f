import type { AlertView, ObservedSample, WatchCompletedView, WatchStartedView } from './watch-views.js';

type Observed = ObservedSample | undefined;

/**
 * What the watch tells people, in the release's thread unless said otherwise. Each call only records the
 * message (an outbox row): await it in the transaction of the change it announces.
 * src/slack/notices/watch-notices.ts implements it.
 */
export interface WatchNotices {
  started(releaseId: string, v: WatchStartedView): Promise<void>;
  stopped(releaseId: string, reason: 'rolled_back' | 'cancelled', by: string): Promise<void>;
  /** The rollback reminder of a new alert episode (`key` tells episodes apart); its ts is stored on the watch. */
  reminder(watchId: number, key: string): Promise<void>;
  /** The reminder again (unacknowledged), linking to the first one. */
  reminderRepeat(watchId: number, observed: Observed, key: string): Promise<void>;
  /** A decision or a rollback-plan step was recorded: re-render the reminder. */
  reminderChanged(watchId: number): Promise<void>;
  sourceUnavailable(releaseId: string, sourceLabel: string, reason: string): Promise<void>;
  sourceBack(releaseId: string, sourceLabel: string): Promise<void>;
  recovered(releaseId: string, observed: Observed, since: number | null, intervalMs: number): Promise<void>;
  completed(releaseId: string, v: WatchCompletedView): Promise<void>;
  /** An Alertmanager alert about a watched release that is already alerting, or that resolved. */
  alertInThread(releaseId: string, a: AlertView, firing: boolean): Promise<void>;
  /** An alert for a service with no watched release, in the service's channel. */
  channelAlert(channel: string, a: AlertView, owners: readonly string[], firing: boolean): Promise<void>;
}
