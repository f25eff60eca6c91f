import type { DetectorSettings, DetectorState, SampleFigures } from '../model/detector-state.js';
import type { SourceResult } from './error-rate-source.js';

export type { DetectorSettings, DetectorState, SampleFigures };

/** How many breaching samples a reminder lists; longer streaks keep the latest. */
const STREAK_KEPT = 10;

export type DetectorAction =
  | 'remind'
  | 'repeat'
  | 'recovered'
  | 'source_error'
  | 'source_ok'
  | 'complete_quiet'
  | 'complete_noisy';

export interface Observation {
  rate?: SourceResult | undefined;
  /** /health answered 200–399. */
  healthy?: boolean | undefined;
}

export type Decision = 'acknowledged' | 'rolled_back' | 'false_alarm' | { snoozeMinutes: 15 | 30 | 60 };

export const initialState = (): DetectorState => ({
  streak: 0,
  streakSince: null,
  streakSamples: [],
  alerting: false,
  alertSince: null,
  lastRemindedAt: null,
  acknowledged: false,
  snoozedUntil: null,
  suppressed: false,
  sourceDown: false,
  samples: 0,
  unavailable: 0,
  alerts: 0,
  falseAlarms: 0,
  requests: 0,
  errors: 0,
  peakRatio: 0,
  healthOk: 0,
  healthFailed: 0,
  last: null,
  done: false,
});

const startAlert = (s: DetectorState, since: number, now: number) => {
  s.alerting = true;
  s.alertSince = since;
  s.lastRemindedAt = now;
  s.acknowledged = false;
  s.snoozedUntil = null;
  s.alerts++;
};

const endAlert = (s: DetectorState) => {
  s.alerting = false;
  s.alertSince = null;
  s.acknowledged = false;
  s.snoozedUntil = null;
};

/** Whether the error-rate part of a finished watch saw nothing to worry about. */
export const isQuiet = (s: DetectorState, sampled: boolean) =>
  s.alerts - s.falseAlarms === 0 && (!sampled || (s.samples > 0 && s.samples >= s.unavailable));

/**
 * One step of the post-deploy watch: pure, so recorded series can be replayed in tests and benchmarks.
 * A breach is a sample with at least `minRequests` requests (and at least one) whose ratio is above the
 * threshold; `consecutive` breaches raise one reminder. Low-traffic samples are no evidence either way:
 * they break a streak but do not end an alert. An unavailable source is reported once until it answers.
 */
export function detect(
  prev: DetectorState,
  obs: Observation,
  settings: DetectorSettings,
  now: number,
): { state: DetectorState; actions: DetectorAction[] } {
  const s: DetectorState = {
    ...prev,
    last: prev.last && { ...prev.last },
    streakSamples: [...(prev.streakSamples ?? [])],
  };
  const actions: DetectorAction[] = [];
  if (s.done) return { state: s, actions };

  if (obs.healthy === true) s.healthOk++;
  else if (obs.healthy === false) s.healthFailed++;

  const rate = obs.rate;
  if (rate && 'unavailable' in rate) {
    s.unavailable++;
    if (!s.sourceDown) actions.push('source_error');
    s.sourceDown = true;
  } else if (rate) {
    if (s.sourceDown) actions.push('source_ok');
    s.sourceDown = false;
    s.samples++;
    s.requests += rate.total;
    s.errors += rate.errors;
    s.last = {
      ratio: rate.ratio,
      errors: rate.errors,
      total: rate.total,
      at: now,
      ...(rate.since !== undefined ? { since: rate.since } : {}),
      ...(rate.unauthorized !== undefined ? { unauthorized: rate.unauthorized } : {}),
    };
    const enough = rate.total >= Math.max(1, settings.minRequests);
    if (enough && rate.ratio > settings.threshold) {
      s.streak++;
      s.streakSince ??= now;
      s.streakSamples = [...(s.streakSamples ?? []), s.last].slice(-STREAK_KEPT);
      s.peakRatio = Math.max(s.peakRatio, rate.ratio);
      if (!s.alerting && !s.suppressed && s.streak >= settings.consecutive) {
        startAlert(s, s.streakSince, now);
        actions.push('remind');
      }
    } else {
      s.streak = 0;
      s.streakSince = null;
      s.streakSamples = [];
      if (enough) {
        s.suppressed = false;
        if (s.alerting) {
          endAlert(s);
          actions.push('recovered');
        }
      }
    }
  }

  if (s.alerting && !s.acknowledged && !actions.includes('remind')) {
    const snoozeOver = s.snoozedUntil !== null && now >= s.snoozedUntil;
    const due = s.snoozedUntil === null && now - (s.lastRemindedAt ?? now) >= settings.repeatMs;
    if (snoozeOver || due) {
      s.lastRemindedAt = now;
      s.snoozedUntil = null;
      actions.push('repeat');
    }
  }

  if (now >= settings.endsAt && (!s.alerting || now >= settings.hardEndsAt)) {
    s.done = true;
    actions.push(isQuiet(s, settings.sampled) ? 'complete_quiet' : 'complete_noisy');
  }
  return { state: s, actions };
}

/** A person's answer to a reminder. Returns the new state; `rolled_back` ends the watch. */
export function applyDecision(prev: DetectorState, decision: Decision, now: number): DetectorState {
  const s: DetectorState = { ...prev };
  if (decision === 'acknowledged') s.acknowledged = true;
  else if (decision === 'rolled_back') {
    endAlert(s);
    s.done = true;
  } else if (decision === 'false_alarm') {
    if (s.alerting) s.falseAlarms++;
    endAlert(s);
    s.streak = 0;
    s.streakSince = null;
    s.streakSamples = [];
    s.suppressed = true;
  } else s.snoozedUntil = now + decision.snoozeMinutes * 60_000;
  return s;
}

/** Alertmanager said the service is firing (`true`) or resolved (`false`); same reminder flow as a breach. */
export function applyAlert(
  prev: DetectorState,
  firing: boolean,
  now: number,
): { state: DetectorState; action?: 'remind' | 'recovered' } {
  const s: DetectorState = { ...prev };
  if (s.done) return { state: s };
  if (firing && !s.alerting) {
    startAlert(s, now, now);
    return { state: s, action: 'remind' };
  }
  if (!firing && s.alerting) {
    endAlert(s);
    return { state: s, action: 'recovered' };
  }
  return { state: s };
}
