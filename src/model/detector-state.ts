/**
 * The detector's plain-data vocabulary: what the watch stores in SQLite and what the detector computes on.
 * It lives below db/ and monitor/ so both can use it without either importing the other.
 */

/** One sample's own figures: the traffic between `since` (the previous read) and `at`. */
export interface SampleFigures {
  ratio: number;
  errors: number;
  total: number;
  at: number;
  since?: number | undefined;
  unauthorized?: number | undefined;
}

export interface DetectorSettings {
  threshold: number;
  consecutive: number;
  minRequests: number;
  repeatMs: number;
  /** End of the watch window. */
  endsAt: number;
  /** A watch still alerting at endsAt keeps going (the incident is not over) until this hard stop. */
  hardEndsAt: number;
  /** False for health-only / Alertmanager watches: nothing to say about the error ratio ourselves. */
  sampled: boolean;
}

/** Everything the detector remembers; plain JSON so it is stored in `watches.state` and survives restarts. */
export interface DetectorState {
  streak: number;
  streakSince: number | null;
  /** The figures of the current streak's breaching samples (the latest STREAK_KEPT). */
  streakSamples?: SampleFigures[] | undefined;
  alerting: boolean;
  alertSince: number | null;
  lastRemindedAt: number | null;
  acknowledged: boolean;
  snoozedUntil: number | null;
  /** After "false alarm", no new reminder until the ratio has been back under the threshold once. */
  suppressed: boolean;
  sourceDown: boolean;
  samples: number;
  unavailable: number;
  alerts: number;
  falseAlarms: number;
  requests: number;
  errors: number;
  peakRatio: number;
  healthOk: number;
  healthFailed: number;
  last: SampleFigures | null;
  done: boolean;
}
