import type { CommonIssue } from '../checklist/common-issues.js';

/** What the watch's messages show: plain data the monitor builds and src/slack/blocks renders. */

export interface WatchDecisionView {
  kind: 'acknowledged' | 'snoozed' | 'rolled_back' | 'false_alarm';
  actor: string;
  at: number;
  minutes?: number | undefined;
}

export interface ObservedSample {
  ratio: number;
  errors: number;
  total: number;
  at?: number | undefined;
  since?: number | undefined;
  unauthorized?: number | undefined;
}

export interface ReminderView {
  watchId: number;
  service: string;
  version: string;
  env: string;
  mentions: readonly string[];
  /** The latest sample's own figures; absent when the reminder comes from an Alertmanager alert. */
  observed?: ObservedSample | undefined;
  /** The breaching samples that raised the reminder, oldest first. */
  samples?: readonly ObservedSample[] | undefined;
  /** The sampling interval: the stretch a sample covers when the source cannot say. */
  intervalMs: number;
  /** The common production issues that fit what was seen (from the checklist). */
  issues?: readonly CommonIssue[] | undefined;
  alert?: { name: string; summary?: string | undefined } | undefined;
  since: number;
  threshold: number;
  consecutive: number;
  plan: readonly { id: string; text: string }[];
  planTicks: Readonly<Record<string, { by: string; at: number }>>;
  decisions: readonly WatchDecisionView[];
  /** Rolled back or false alarm: nothing left to decide, the buttons go. */
  closed: boolean;
  /** The watch's newest uploaded error-rate chart (a Slack file), once there is one. */
  chart?: ChartImageView | undefined;
}

/** An uploaded chart: the file a message's image block names, and the chart's figures in words. */
export interface ChartImageView {
  fileId: string;
  altText: string;
}

export interface WatchStartedView {
  sourceType: 'prometheus' | 'metrics' | 'alertmanager' | 'none';
  sourceLabel: string;
  threshold: number;
  intervalSeconds: number;
  windowMinutes: number;
  consecutive: number;
  minRequests: number;
  healthUrl: string;
}

export interface WatchCompletedView {
  quiet: boolean;
  windowMinutes: number;
  samples: number;
  unavailable: number;
  requests: number;
  errors: number;
  peakRatio: number;
  alerts: number;
  healthOk: number;
  healthFailed: number;
  sampled: boolean;
  verified: readonly string[];
}

export interface AlertView {
  service: string;
  name: string;
  summary?: string | undefined;
  startsAt?: string | undefined;
  url?: string | undefined;
}
